/// What a stored summary belongs to.
enum EntityKind: UInt8, Sendable {
    /// A bucket (any layout) or an FSO directory, by OM object id.
    case object = 1
    /// A `/`-delimited prefix of an OBS bucket (S3-style common prefix).
    case objectStorePrefix = 2
    /// A directory of a LEGACY bucket with file-system paths, by its `dir/` name.
    case legacyPrefix = 3
}

/// The in-memory identity of an entity, cheap to hash and build from borrowed bytes:
/// an object id, or a bucket id plus two independent 64-bit hashes of the prefix name
/// (so a lookup never allocates; the name itself is kept once, in ``Entity``).
struct EntityID: Hashable, Sendable {
    /// The kind.
    let kind: EntityKind
    /// The object id, or the bucket's object id for prefixes.
    let id: UInt64
    /// First hash of the prefix name (0 for objects).
    let hashA: UInt64
    /// Second hash of the prefix name (0 for objects).
    let hashB: UInt64

    /// The number of slots of a ``PartialMap``'s cache of recent entities.
    static let cacheSlots = 16

    /// This entity's slot in a ``PartialMap``'s cache of recent entities.
    var cacheSlot: Int {
        Int(truncatingIfNeeded: ((id ^ hashA) &* 0x9E37_79B9_7F4A_7C15) >> 60)
    }

    /// Hashes one word mixed from the fields (the prefix hashes are hashes already).
    func hash(into hasher: inout Hasher) {
        hasher.combine(id &* 0xBF58_476D_1CE4_E5B9 ^ hashA ^ UInt64(kind.rawValue) << 56)
    }

    /// A bucket or FSO directory.
    static func object(_ id: UInt64) -> EntityID {
        EntityID(kind: .object, id: id, hashA: 0, hashB: 0)
    }

    /// A prefix (`a/b/`) of bucket `bucket`.
    static func prefix(_ kind: EntityKind, bucket: UInt64, name: UnsafeRawBufferPointer) -> EntityID {
        var hash = NameHash()
        for byte in name { hash.add(byte) }
        return prefix(kind, bucket: bucket, hash: hash)
    }

    /// A prefix of bucket `bucket` whose name hashed to `hash`.
    static func prefix(_ kind: EntityKind, bucket: UInt64, hash: NameHash) -> EntityID {
        EntityID(kind: kind, id: bucket, hashA: hash.a, hashB: hash.finishedB)
    }
}

/// The two independent 64-bit hashes of a prefix name, extended byte by byte, so that
/// every prefix of a name is hashed in one pass over it (``NamePrefixes``).
struct NameHash {
    /// FNV-1a of the bytes so far.
    private(set) var a: UInt64 = 0xcbf2_9ce4_8422_2325
    private var b: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var count: UInt64 = 0

    /// Extends the name by `byte`.
    @inline(__always)
    mutating func add(_ byte: UInt8) {
        a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        b = (b &+ UInt64(byte) &+ 1) &* 0xBF58_476D_1CE4_E5B9
        b ^= b >> 31
        count &+= 1
    }

    /// The second hash, with the length mixed in.
    var finishedB: UInt64 {
        var x = (b ^ count) &* 0x94D0_49BB_1331_11EB
        x ^= x >> 29
        return x
    }
}

/// An entity's stored state plus its name (prefixes only), the unit of every map.
struct Entity: Sendable {
    /// The totals and tree link.
    var summary = Summary()
    /// The prefix name (`a/b/`) for prefixes; empty for objects.
    var name: [UInt8] = []
}

/// The `summary` table's keys: `kind · bucketOrObjectID (8 bytes, big-endian) · name`,
/// so one bucket's prefixes are contiguous and sorted by name.
enum EntityKeys {
    /// The storage key of `id` with prefix name `name`.
    static func storageKey(_ id: EntityID, name: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(9 + name.count)
        out.append(id.kind.rawValue)
        appendBigEndian(id.id, to: &out)
        out.append(contentsOf: name)
        return out
    }

    /// The identity and name of a storage key; `nil` for a malformed key.
    static func parse(_ key: UnsafeRawBufferPointer) -> (id: EntityID, name: [UInt8])? {
        guard key.count >= 9, let kind = EntityKind(rawValue: key[0]) else { return nil }
        var value: UInt64 = 0
        for i in 1..<9 { value = value << 8 | UInt64(key[i]) }
        let name = UnsafeRawBufferPointer(rebasing: key[9...])
        switch kind {
        case .object:
            return name.isEmpty ? (.object(value), []) : nil
        case .objectStorePrefix, .legacyPrefix:
            return (.prefix(kind, bucket: value, name: name), Array(name))
        }
    }

    /// The key range `[start, end)` holding every prefix of `kind` of bucket `bucket`
    /// whose name starts with `namePrefix`.
    static func prefixRange(_ kind: EntityKind, bucket: UInt64, namePrefix: [UInt8] = []) -> (start: [UInt8], end: [UInt8]) {
        var start: [UInt8] = [kind.rawValue]
        appendBigEndian(bucket, to: &start)
        start.append(contentsOf: namePrefix)
        return (start, successor(of: start))
    }

    /// The smallest key greater than every key starting with `prefix`.
    static func successor(of prefix: [UInt8]) -> [UInt8] {
        var end = prefix
        while let last = end.last {
            if last < 0xFF {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return []
    }

    /// Appends `value` as 8 big-endian bytes.
    static func appendBigEndian(_ value: UInt64, to out: inout [UInt8]) {
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
