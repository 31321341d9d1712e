/// The names a checkpoint archive may hold: plain file names at the top level
/// (Ozone's v1 `/dbCheckpoint` flattens the DB directory, om-db-format.md §8.1).
enum TarNamePolicy {
    /// Longest accepted name, in bytes (Linux `NAME_MAX`).
    static let maxNameBytes = 255

    /// True for the directory entry of the archive root (`./` or `.`), which is skipped.
    static func isRootDirectory(_ name: [UInt8]) -> Bool {
        name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: "/")]
    }

    /// The name as a string, or the most precise refusal.
    static func check(_ raw: [UInt8]) throws(TarError) -> String {
        let name = String(decoding: raw, as: UTF8.self)
        guard !raw.isEmpty else { throw .invalidName(name, reason: "empty") }
        guard !raw.contains(0) else { throw .invalidName(name, reason: "contains a NUL byte") }
        let slash = UInt8(ascii: "/")
        if raw.first == slash { throw .absolutePath(name) }
        let components = raw.split(separator: slash, omittingEmptySubsequences: false)
        if components.contains(where: { $0.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) }) {
            throw .parentDirectory(name)
        }
        if raw.contains(slash) { throw .nestedPath(name) }
        guard raw != [UInt8(ascii: ".")] else { throw .invalidName(name, reason: "'.' is not a file name") }
        guard raw.count <= maxNameBytes else { throw .invalidName(name, reason: "longer than \(maxNameBytes) bytes") }
        guard String(validating: raw, as: UTF8.self) != nil else { throw .invalidName(name, reason: "not valid UTF-8") }
        return name
    }
}
