import Foundation

/// Progress lines of the benchmark: written to standard output at once, each prefixed
/// with the seconds since the bench started.
enum BenchLog {
    private static let start = ContinuousClock.now

    /// Prints `line` with the elapsed time.
    static func say(_ line: String) {
        let elapsed = ContinuousClock.now - start
        let text = String(format: "[%7.1fs] ", elapsed.seconds) + line + "\n"
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Prints a phase heading.
    static func phase(_ title: String) {
        say("== " + title)
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// The duration in milliseconds.
    var milliseconds: Double { seconds * 1000 }
}

/// Milliseconds since the Unix epoch, the time base recond's status answers use.
func unixMillis() -> Double {
    Date().timeIntervalSince1970 * 1000
}
