import ReconTaskKit

/// The plugin's key/value tables and how their keys and values are laid out.
///
/// - `container_keys`: container id (8 bytes, big-endian) + OM DB key + `0x00` + version
///   (8 bytes, big-endian) → empty. Ordered by container, then OM key, then version, so
///   one container's keys are one range and one key's versions are adjacent.
/// - `key_containers`: OM DB key + `0x00` + version (8 bytes BE) + container id (8 bytes
///   BE) → empty. One key's mappings are the range `[key + 0x00, key + 0x01)`.
/// - `container_counts`: container id (8 bytes BE) → number of (key, version) mappings
///   (UInt64, little-endian). Containers without mappings have no row.
/// - `directories`: FSO directory object id (8 bytes BE) → parent object id (8 bytes BE)
///   + directory name (UTF-8). Rebuilds complete paths without scanning the OM.
/// - `meta`: `_built` (present once the first full build switched in) and
///   `total_containers` (number of `container_counts` rows, UInt64 LE).
enum StorageLayout {
    /// Container → (OM key, version) mappings.
    static let containerKeys: KVTable = "container_keys"
    /// (OM key, version) → container mappings.
    static let keyContainers: KVTable = "key_containers"
    /// Mapping count per container.
    static let containerCounts: KVTable = "container_counts"
    /// FSO directory object id → parent id and name.
    static let directories: KVTable = "directories"
    /// The built marker and the container total.
    static let meta: KVTable = "meta"

    /// Every table, in descriptor order.
    static let tableNames = ["container_keys", "key_containers", "container_counts", "directories", "meta"]

    /// The `meta` key marking a store whose first full build completed.
    static let builtMarker: [UInt8] = Array("_built".utf8)
    /// The `meta` key holding the number of containers with at least one mapping.
    static let totalContainersKey: [UInt8] = Array("total_containers".utf8)

    /// The byte separating an OM key from the fixed-width fields after it.
    static let separator: UInt8 = 0x00

    /// The empty value stored in the two mapping tables.
    static let emptyValue: [UInt8] = []
}

/// Big-endian fixed-width integers: keys that sort numerically.
enum BigEndian {
    /// Appends the 8 big-endian bytes of `value` to `out`.
    static func append(_ value: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// The 8 big-endian bytes of `value`.
    static func bytes(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8)
        append(value, to: &out)
        return out
    }

    /// Reads 8 big-endian bytes of `bytes` starting at `offset` (the caller checks bounds).
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for i in 0..<8 { value = value << 8 | UInt64(bytes[offset + i]) }
        return value
    }
}

/// Builds and parses the keys of the two mapping tables.
enum MappingKeys {
    /// `container_keys` key: container + OM key + separator + version, into `out` (cleared).
    static func containerKey(
        container: Int64, omKey: some ReconBytesConvertible, version: UInt64, into out: inout [UInt8]
    ) {
        out.removeAll(keepingCapacity: true)
        BigEndian.append(UInt64(bitPattern: container), to: &out)
        omKey.withReconBytes { out.append(contentsOf: $0) }
        out.append(StorageLayout.separator)
        BigEndian.append(version, to: &out)
    }

    /// `key_containers` key: OM key + separator + version + container, into `out` (cleared).
    static func keyContainer(
        omKey: some ReconBytesConvertible, version: UInt64, container: Int64, into out: inout [UInt8]
    ) {
        out.removeAll(keepingCapacity: true)
        omKey.withReconBytes { out.append(contentsOf: $0) }
        out.append(StorageLayout.separator)
        BigEndian.append(version, to: &out)
        BigEndian.append(UInt64(bitPattern: container), to: &out)
    }

    /// The `key_containers` range `[omKey + 0x00, omKey + 0x01)` holding one key's mappings.
    static func keyRange(_ omKey: [UInt8]) -> (start: [UInt8], end: [UInt8]) {
        (omKey + [StorageLayout.separator], omKey + [StorageLayout.separator + 1])
    }

    /// The mapping stored in a `key_containers` key of an OM key `omKeyLength` bytes long;
    /// `nil` when the key has another shape (a longer OM key sharing the prefix).
    static func parseKeyContainer(_ key: UnsafeRawBufferPointer, omKeyLength: Int) -> Mapping? {
        guard key.count == omKeyLength + 17, key[omKeyLength] == StorageLayout.separator else { return nil }
        return Mapping(
            container: Int64(bitPattern: BigEndian.read(key, at: omKeyLength + 9)),
            version: BigEndian.read(key, at: omKeyLength + 1))
    }

    /// The (OM key, version) stored in a `container_keys` key, or `nil` for a malformed key.
    static func parseContainerKey(_ key: UnsafeRawBufferPointer) -> (omKey: UnsafeRawBufferPointer, version: UInt64)? {
        guard key.count >= 17, key[key.count - 9] == StorageLayout.separator else { return nil }
        let omKey = UnsafeRawBufferPointer(rebasing: key[8..<(key.count - 9)])
        return (omKey, BigEndian.read(key, at: key.count - 8))
    }

    /// The first `container_keys` key of `container`.
    static func containerStart(_ container: Int64) -> [UInt8] {
        BigEndian.bytes(UInt64(bitPattern: container))
    }

    /// The first `container_keys` key after every key of `container`.
    static func containerEnd(_ container: Int64) -> [UInt8] {
        let id = UInt64(bitPattern: container)
        return id == UInt64.max ? [] : BigEndian.bytes(id + 1)
    }
}
