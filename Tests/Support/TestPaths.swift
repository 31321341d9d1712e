import Foundation

/// Where things are when tests run: the package root, the build products, temp dirs.
public enum TestPaths {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// The folder with the build products of this test run (`.build/<triple>/debug`).
    public static let productsDirectory: URL = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
        // The test binary may sit inside a .xctest bundle folder.
        while url.pathExtension == "xctest" || url.lastPathComponent == "Contents" || url.lastPathComponent == "MacOS" {
            url.deleteLastPathComponent()
        }
        return url
    }()

    /// A built product (an executable or a library such as `libX.so`).
    public static func product(_ name: String) -> URL {
        productsDirectory.appendingPathComponent(name)
    }

    /// The ABI header's folder, for compiling C plugins.
    public static var abiIncludeDirectory: URL {
        packageRoot.appendingPathComponent("Sources/CReconTask/include")
    }

    /// A new empty temporary directory, removed by `TemporaryDirectory.remove()`.
    public static func makeTemporaryDirectory(_ label: String = "recon-test") throws -> TemporaryDirectory {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return TemporaryDirectory(url: url)
    }
}

/// A temporary directory owned by one test.
public struct TemporaryDirectory: Sendable {
    /// Its location.
    public let url: URL
    /// Its path.
    public var path: String { url.path }

    /// A path inside it.
    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// Deletes it and everything inside.
    public func remove() { try? FileManager.default.removeItem(at: url) }
}
