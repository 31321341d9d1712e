import Foundation
import Synchronization

/// A child process of the bench (omsim, recond) with its output in a log file. Every
/// child is registered in ``ChildRegistry`` so that the bench's exit, an error or a
/// signal stops it; with `dieWithParent` it is also started under
/// `setpriv --pdeathsig KILL` (from ``SpawnThread``), so the kernel kills it should the
/// bench itself be killed.
final class ChildProcess: Sendable {
    /// A short name for progress lines.
    let name: String
    /// Where its standard output and error go.
    let logPath: String
    private let process: Process
    private let relayed = Mutex<Int>(0)

    /// Starts `executable` with `arguments`, appending its output to `logPath`.
    init(name: String, executable: String, arguments: [String], logPath: String, dieWithParent: Bool) throws {
        self.name = name
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        if dieWithParent, FileManager.default.isExecutableFile(atPath: Self.setpriv) {
            process.executableURL = URL(fileURLWithPath: Self.setpriv)
            process.arguments = ["--pdeathsig", "KILL", executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        self.process = process
        try SpawnThread.shared.run { try process.run() }
        ChildRegistry.add(process)
    }

    /// `setpriv` execs the command, so the child's pid is the command's own.
    private static let setpriv = "/usr/bin/setpriv"

    /// The process id (recond's or omsim's own: `setpriv` execs it).
    var pid: Int32 { process.processIdentifier }

    /// Whether it is still running.
    var isRunning: Bool { process.isRunning }

    /// Everything it printed so far.
    var log: String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Waits until its log shows `serving on http://host:PORT` and returns PORT.
    func waitForPort(timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = log
            if let range = text.range(of: #"serving on http://[^:\s]+:\d+"#, options: .regularExpression),
               let port = text[range].split(separator: ":").last.flatMap({ Int($0) }) {
                return port
            }
            guard process.isRunning else {
                throw BenchError("\(name) exited with status \(process.terminationStatus) before serving; log \(logPath):\n\(tail())")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError("\(name) did not start serving within \(timeout); log \(logPath):\n\(tail())")
    }

    /// Waits for the process to exit by itself and returns its status.
    func waitForExit() async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(50)) }
        return process.terminationStatus
    }

    /// Prints the complete log lines not printed yet, each prefixed with the child's name.
    func relayNewLines() {
        let text = log.utf8
        let lines = relayed.withLock { offset -> [Substring] in
            guard text.count > offset, let end = text.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
            let start = text.index(text.startIndex, offsetBy: offset)
            guard start <= end else { return [] }
            let chunk = Substring(text[start...end])
            offset = text.distance(from: text.startIndex, to: end) + 1
            return chunk.split(separator: "\n")
        }
        for line in lines { BenchLog.say("  \(name): \(line)") }
    }

    /// The last `lines` lines of its log.
    func tail(_ lines: Int = 20) -> String {
        log.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    /// Sends `signal` and waits up to `timeout` for the exit, then SIGKILL.
    func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) async {
        ChildRegistry.terminate(process, signal: signal, timeout: timeout)
    }
}
