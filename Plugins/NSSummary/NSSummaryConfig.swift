import ReconTaskKit

/// The plugin's `config:` options.
struct NSSummaryConfig: Sendable {
    /// `legacy_filesystem_paths`: treat `dir/` keys of LEGACY buckets as directories
    /// (Ozone's `ozone.om.enable.filesystem.paths`, which Recon reads; default false).
    var legacyFileSystemPaths = false
    /// `reprocess_flush_entries`: a reprocess worker writes its in-memory partial map to
    /// storage once it holds this many entities (default 500,000: about 0.3 KiB each,
    /// so a 10-million-key namespace with ~360,000 directories and prefixes merges in
    /// memory without a round trip through storage).
    var reprocessFlushEntries = 500_000

    /// The options every config may set.
    static let knownOptions: Set<String> = ["legacy_filesystem_paths", "reprocess_flush_entries"]

    /// Reads the options; refuses unknown options and wrong types.
    init(_ config: JSONValue) throws {
        guard let members = config.objectValue else {
            throw ReconTaskError.invalid("nssummary: config must be a map")
        }
        for member in members where !Self.knownOptions.contains(member.key) {
            throw ReconTaskError.invalid("nssummary: unknown config option '\(member.key)' (known: \(Self.knownOptions.sorted()))")
        }
        if let value = config["legacy_filesystem_paths"] {
            guard let flag = value.boolValue else {
                throw ReconTaskError.invalid("nssummary: legacy_filesystem_paths must be true or false")
            }
            legacyFileSystemPaths = flag
        }
        if let value = config["reprocess_flush_entries"] {
            guard let n = value.intValue, n >= 1, n <= 100_000_000 else {
                throw ReconTaskError.invalid("nssummary: reprocess_flush_entries must be an integer from 1 to 100000000")
            }
            reprocessFlushEntries = Int(n)
        }
    }
}
