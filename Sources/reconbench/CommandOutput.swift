import Foundation

/// Runs short helper commands (`nproc`, `git`, `swift --version`) and captures their output.
enum CommandOutput {
    /// The trimmed standard output of `command` run through `/usr/bin/env` (reading
    /// standard input from the file `input`), or nil when it cannot run or exits non-zero.
    static func run(_ command: [String], input: String? = nil) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        if let input {
            guard let handle = FileHandle(forReadingAtPath: input) else { return nil }
            process.standardInput = handle
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
