import Foundation

/// Compiles C plugins with the system `cc`, as a plugin author would.
public enum CCompiler {
    /// The failure output of a compile.
    public struct Failure: Error, CustomStringConvertible {
        /// What cc printed.
        public var output: String
        /// The compiler's complaint.
        public var description: String { "cc failed:\n\(output)" }
    }

    /// Compiles `sources` into the shared library `output` with warnings as errors.
    @discardableResult
    public static func sharedLibrary(_ sources: [URL], output: URL, extraFlags: [String] = []) throws -> URL {
        let args = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-O1", "-fPIC", "-shared", "-fvisibility=hidden",
                    "-I", TestPaths.abiIncludeDirectory.path, "-o", output.path] + extraFlags + sources.map(\.path)
        let result = try ProcessRunner.run("/usr/bin/env", ["cc"] + args)
        guard result.status == 0 else { throw Failure(output: result.output) }
        return output
    }
}
