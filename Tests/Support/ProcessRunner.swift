import Foundation

/// Runs a command to completion and captures its combined output.
public enum ProcessRunner {
    /// Exit status and output of a finished command.
    public struct Result: Sendable {
        /// Exit status.
        public var status: Int32
        /// Standard output followed by standard error.
        public var output: String
    }

    /// Runs `executable` with `arguments`, waits, and returns its status and output.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, currentDirectory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }
}
