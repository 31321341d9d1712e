import Foundation

/// A `recond` (or `omsim`) started as a real process for an end-to-end test, with
/// its output captured to a file and its listening port read from its log.
public final class DaemonProcess: @unchecked Sendable {
    /// The process.
    public let process: Process
    /// Where its standard output and error go.
    public let logFile: URL
    /// The port it listens on, once known.
    public private(set) var port: Int?
    /// Where this process's output starts in `logFile` (an earlier process may have written before).
    private let logStart: UInt64

    /// Starts `executable` with `arguments`, logging to `logFile`, with `environment`
    /// added to this process's environment.
    public init(executable: URL, arguments: [String], logFile: URL, environment: [String: String] = [:]) throws {
        self.logFile = logFile
        if !FileManager.default.fileExists(atPath: logFile.path) {
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: logFile)
        logStart = handle.seekToEndOfFile()
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    /// Everything this process printed so far.
    public var log: String {
        guard let data = try? Data(contentsOf: logFile), data.count >= Int(logStart) else { return "" }
        return String(decoding: data.dropFirst(Int(logStart)), as: UTF8.self)
    }

    /// Waits until the log shows `serving on http://host:PORT` and returns PORT.
    public func waitForPort(timeout: Duration = .seconds(60)) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let range = log.range(of: #"serving on http://[^:]+:(\d+)"#, options: .regularExpression) {
                let match = log[range]
                if let p = match.split(separator: ":").last.flatMap({ Int($0) }) {
                    port = p
                    return p
                }
            }
            guard process.isRunning else { throw Failure("exited with \(process.terminationStatus) before serving:\n\(log)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw Failure("did not start serving within \(timeout):\n\(log)")
    }

    /// Sends `signal` and waits for the exit status.
    @discardableResult
    public func stop(signal: Int32 = SIGTERM, timeout: Duration = .seconds(30)) async throws -> Int32 {
        if process.isRunning { kill(process.processIdentifier, signal) }
        return try await waitForExit(timeout: timeout)
    }

    /// Waits for the process to exit by itself.
    public func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw Failure("did not exit within \(timeout):\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// A failed expectation about the process, with its log.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with the process log.
        public var description: String
        init(_ description: String) { self.description = description }
    }
}
