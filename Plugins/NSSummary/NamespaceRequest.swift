import ReconTaskKit

/// A validated namespace request: the path split into components and the flags.
struct NamespaceRequest {
    /// Path components below `/` (`["vol", "bucket", "dir"]`); empty for the root.
    let components: [String]
    /// Whether the path ended in `/` (with `delimiter=/` it names an OBS prefix).
    let trailingSlash: Bool
    /// `files`: list the direct keys among the subpaths (default false).
    let listFiles: Bool
    /// `replica`: report replicated sizes (default false).
    let withReplica: Bool
    /// `sortSubPaths`: sort subpaths by size and keep the top 30 (default true).
    let sortSubPaths: Bool
    /// `delimiter=/`: S3-style prefix grouping inside OBS buckets.
    let delimited: Bool

    /// The path as Recon normalizes it: `/` plus the components joined by `/`.
    var normalizedPath: String { "/" + components.joined(separator: "/") }

    /// A request the API refuses with HTTP 400.
    struct Invalid: Error {
        /// Why.
        let message: String
    }

    /// Validates the query parameters of `request`.
    /// - Throws: ``Invalid`` for a missing, empty or malformed path or a bad flag.
    init(_ request: Request) throws {
        guard let path = request.query("path"), !path.isEmpty else {
            throw Invalid(message: "the query parameter 'path' is required")
        }
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "" { parts.removeFirst() }
        trailingSlash = parts.count > 0 && parts.last == ""
        if trailingSlash { parts.removeLast() }
        for part in parts {
            if part.isEmpty { throw Invalid(message: "malformed path '\(path)': empty path component") }
            if part == "." || part == ".." { throw Invalid(message: "malformed path '\(path)': '\(part)' is not allowed") }
            if part.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                throw Invalid(message: "malformed path: control characters are not allowed")
            }
        }
        components = parts
        listFiles = try Self.flag(request, "files", default: false)
        withReplica = try Self.flag(request, "replica", default: false)
        sortSubPaths = try Self.flag(request, "sortSubPaths", default: true)
        switch request.query("delimiter") {
        case nil: delimited = false
        case "/": delimited = true
        case let other?: throw Invalid(message: "delimiter must be '/', got '\(other)'")
        }
    }

    /// A boolean query parameter: `true` or `false` (any case), else 400.
    private static func flag(_ request: Request, _ name: String, default value: Bool) throws -> Bool {
        guard let raw = request.query(name) else { return value }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default: throw Invalid(message: "\(name) must be true or false, got '\(raw)'")
        }
    }
}
