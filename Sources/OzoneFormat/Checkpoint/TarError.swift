/// Why a checkpoint tar archive was refused. Archives come from the network and are
/// untrusted: every refusal names the entry (or byte offset) and the rule it broke.
public enum TarError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The header at `offset` fails its checksum.
    case badChecksum(offset: UInt64, stored: UInt64?, computed: UInt64)
    /// A numeric header field (size, mode, ...) at `offset` is not a valid number.
    case badNumericField(offset: UInt64, field: String)
    /// A pax extended header at `offset` is malformed.
    case badPaxHeader(offset: UInt64, reason: String)
    /// A pax or GNU long-name header at `offset` is larger than the limit.
    case metadataTooLarge(offset: UInt64, size: UInt64, limit: Int)
    /// An entry name starting with `/`.
    case absolutePath(String)
    /// An entry name with a `..` component.
    case parentDirectory(String)
    /// An entry name containing `/`: checkpoint files sit at the top level.
    case nestedPath(String)
    /// An entry name that is empty, `.`, too long, or holds a NUL byte.
    case invalidName(String, reason: String)
    /// A symbolic link entry.
    case symbolicLink(name: String, target: String)
    /// A hard link entry.
    case hardLink(name: String, target: String)
    /// A character/block device or FIFO entry (`type` is the tar type flag).
    case specialFile(name: String, type: Character)
    /// A directory entry other than `./`.
    case directory(String)
    /// A tar entry type this reader does not accept (sparse, multi-volume, ...).
    case unsupportedEntryType(name: String, type: Character)
    /// The same name twice.
    case duplicateName(String)
    /// One entry is larger than the per-entry limit.
    case entryTooLarge(name: String, size: UInt64, limit: UInt64)
    /// The archive (entries or raw bytes) is larger than the total limit.
    case archiveTooLarge(limit: UInt64)
    /// More entries than the limit.
    case tooManyEntries(limit: Int)
    /// The stream ended inside a header, an entry or its padding.
    case truncated(String)
    /// The stream ended without the two zero blocks that close a tar archive.
    case missingEndOfArchive
    /// A single zero block followed by a header at `offset`.
    case unexpectedZeroBlock(offset: UInt64)
    /// Non-zero bytes after the end-of-archive blocks, at `offset`.
    case dataAfterEnd(offset: UInt64)
    /// The caller's handler failed earlier; the reader cannot continue.
    case aborted

    /// One line naming the entry or offset and the rule.
    public var description: String {
        switch self {
        case .badChecksum(let offset, let stored, let computed):
            "tar header at offset \(offset) has a bad checksum (stored \(stored.map(String.init) ?? "unreadable"), computed \(computed))"
        case .badNumericField(let offset, let field):
            "tar header at offset \(offset) has an invalid \(field) field"
        case .badPaxHeader(let offset, let reason):
            "malformed pax header at offset \(offset): \(reason)"
        case .metadataTooLarge(let offset, let size, let limit):
            "tar metadata header at offset \(offset) is \(size) bytes, more than the \(limit)-byte limit"
        case .absolutePath(let name):
            "tar entry '\(name)' has an absolute path"
        case .parentDirectory(let name):
            "tar entry '\(name)' has a '..' component"
        case .nestedPath(let name):
            "tar entry '\(name)' is not at the top level (contains '/')"
        case .invalidName(let name, let reason):
            "tar entry name \(name.debugDescription) is invalid: \(reason)"
        case .symbolicLink(let name, let target):
            "tar entry '\(name)' is a symbolic link (to '\(target)')"
        case .hardLink(let name, let target):
            "tar entry '\(name)' is a hard link (to '\(target)')"
        case .specialFile(let name, let type):
            "tar entry '\(name)' is a device or FIFO (type '\(type)')"
        case .directory(let name):
            "tar entry '\(name)' is a directory; only './' is allowed"
        case .unsupportedEntryType(let name, let type):
            "tar entry '\(name)' has unsupported type '\(type)'"
        case .duplicateName(let name):
            "tar entry '\(name)' appears twice"
        case .entryTooLarge(let name, let size, let limit):
            "tar entry '\(name)' is \(size) bytes, more than the \(limit)-byte limit"
        case .archiveTooLarge(let limit):
            "tar archive is larger than the \(limit)-byte limit"
        case .tooManyEntries(let limit):
            "tar archive has more than \(limit) entries"
        case .truncated(let where_):
            "tar archive is truncated: \(where_)"
        case .missingEndOfArchive:
            "tar archive ends without its end-of-archive blocks (truncated)"
        case .unexpectedZeroBlock(let offset):
            "tar archive has a lone zero block before the header at offset \(offset)"
        case .dataAfterEnd(let offset):
            "tar archive has data after its end-of-archive blocks, at offset \(offset)"
        case .aborted:
            "tar reading was aborted by an earlier error"
        }
    }
}
