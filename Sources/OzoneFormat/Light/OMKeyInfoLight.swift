/// The hot fields of a `KeyInfo`, decoded straight from borrowed bytes without building the
/// full message (like Ozone Recon's `KeyInfoProtoLight`). Other fields are skipped.
///
/// Decoded: 1 volumeName, 2 bucketName, 3 keyName, 4 dataSize, 5 type, 6 factor,
/// 7 keyLocationList (version; blocks: containerID, localID, offset, length, createVersion),
/// 8 creationTime, 9 modificationTime, 14 objectID, 15 updateID, 16 parentID,
/// 17 ecReplicationConfig, 19 isFile, 20 ownerName, 21 tags.
///
/// Same results as decoding `OMKeyInfo` with SwiftProtobuf and projecting it with
/// `init(_:)` — including proto2 semantics (last scalar wins, repeated sub-messages merge,
/// unknown enum values leave the field unchanged, wrong wire types are skipped) — except
/// that invalid UTF-8 in strings is repaired instead of rejected.
public struct OMKeyInfoLight: Sendable, Hashable {
    /// Field 1.
    public var volumeName = ""
    /// Field 2.
    public var bucketName = ""
    /// Field 3: full key name (OBS), leaf name (fileTable), version-dependent (openFileTable).
    public var keyName = ""
    /// Field 4: logical, unreplicated size.
    public var dataSize: UInt64 = 0
    /// Field 5; RATIS when absent.
    public var type: HddsReplicationType = .ratis
    /// Field 6; ONE when absent.
    public var factor: HddsReplicationFactor = .one
    /// Field 8: ms since the epoch.
    public var creationTime: UInt64 = 0
    /// Field 9: ms since the epoch.
    public var modificationTime: UInt64 = 0
    /// Field 14.
    public var objectID: UInt64 = 0
    /// Field 15.
    public var updateID: UInt64 = 0
    /// Field 16: parent directory's or bucket's object id (FSO), 0 for OBS keys.
    public var parentID: UInt64 = 0
    /// Field 17, nil when absent.
    public var ecReplicationConfig: ECReplication?
    /// Field 19.
    public var isFile = false
    /// Field 20 (2.0+).
    public var ownerName = ""
    /// Field 21 (2.0+).
    public var tags: [Tag] = []
    /// Number of field-7 entries (key versions).
    public var versionCount = 0
    /// `version` of the last field-7 entry (the latest version), nil when there is none.
    public var latestVersion: UInt64?
    /// Every block of every version, in order.
    public var blocks: [Block] = []

    /// `hadoop.hdds.ECReplicationConfig` fields.
    public struct ECReplication: Sendable, Hashable {
        /// Data blocks per stripe.
        public var data: Int32 = 0
        /// Parity blocks per stripe.
        public var parity: Int32 = 0
        /// Codec name, "rs" or "xor".
        public var codec = ""
        /// Chunk size in bytes.
        public var chunkSize: Int32 = 0

        /// Values as given.
        public init(data: Int32 = 0, parity: Int32 = 0, codec: String = "", chunkSize: Int32 = 0) {
            self.data = data
            self.parity = parity
            self.codec = codec
            self.chunkSize = chunkSize
        }
    }

    /// A `hadoop.hdds.KeyValue` tag.
    public struct Tag: Sendable, Hashable {
        /// Tag key.
        public var key: String
        /// Tag value ("" when absent).
        public var value: String

        /// A tag.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }

    /// One `KeyLocation` with the version list it belongs to.
    public struct Block: Sendable, Hashable {
        /// Index of its `KeyLocationList` in field 7.
        public var versionIndex: Int
        /// `version` of its `KeyLocationList`.
        public var version: UInt64
        /// `blockID.containerBlockID.containerID`.
        public var containerID: Int64
        /// `blockID.containerBlockID.localID`.
        public var localID: Int64
        /// Offset within the key.
        public var offset: UInt64
        /// Length in bytes.
        public var length: UInt64
        /// The key version that created this block.
        public var createVersion: UInt64

        /// A block.
        public init(versionIndex: Int, version: UInt64, containerID: Int64, localID: Int64,
                    offset: UInt64, length: UInt64, createVersion: UInt64) {
            self.versionIndex = versionIndex
            self.version = version
            self.containerID = containerID
            self.localID = localID
            self.offset = offset
            self.length = length
            self.createVersion = createVersion
        }
    }

    /// All defaults (what empty bytes decode to).
    public init() {}

    /// Decodes the hot fields from serialized `KeyInfo` bytes.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(ProtoLightError) {
        var wire = ProtoWire(bytes, range: 0..<bytes.count)
        while let (field, wireType) = try wire.readTag() {
            switch (field, wireType) {
            case (1, ProtoWire.lengthDelimited): volumeName = try wire.readString()
            case (2, ProtoWire.lengthDelimited): bucketName = try wire.readString()
            case (3, ProtoWire.lengthDelimited): keyName = try wire.readString()
            case (4, ProtoWire.varint): dataSize = try wire.readVarint()
            case (5, ProtoWire.varint):
                if let value = HddsReplicationType(rawValue: Int(Int32(truncatingIfNeeded: try wire.readVarint()))) {
                    type = value
                }
            case (6, ProtoWire.varint):
                if let value = HddsReplicationFactor(rawValue: Int(Int32(truncatingIfNeeded: try wire.readVarint()))) {
                    factor = value
                }
            case (7, ProtoWire.lengthDelimited):
                try readLocationList(bytes, try wire.readLengthDelimited())
            case (8, ProtoWire.varint): creationTime = try wire.readVarint()
            case (9, ProtoWire.varint): modificationTime = try wire.readVarint()
            case (14, ProtoWire.varint): objectID = try wire.readVarint()
            case (15, ProtoWire.varint): updateID = try wire.readVarint()
            case (16, ProtoWire.varint): parentID = try wire.readVarint()
            case (17, ProtoWire.lengthDelimited):
                var ec = ecReplicationConfig ?? ECReplication()
                try Self.readEC(bytes, try wire.readLengthDelimited(), into: &ec)
                ecReplicationConfig = ec
            case (19, ProtoWire.varint): isFile = try wire.readVarint() != 0
            case (20, ProtoWire.lengthDelimited): ownerName = try wire.readString()
            case (21, ProtoWire.lengthDelimited):
                tags.append(try Self.readKeyValue(bytes, try wire.readLengthDelimited()))
            default:
                try wire.skip(wireType: wireType, field: field)
            }
        }
    }

    /// Decodes the hot fields from serialized `KeyInfo` bytes (an array, `Data`, ...).
    public init(parsing bytes: some Sequence<UInt8>) throws(ProtoLightError) {
        let result: Result<Self, ProtoLightError> = KeyBytes.withBytes(bytes) { raw in
            do throws(ProtoLightError) { return .success(try Self(parsing: raw)) } catch { return .failure(error) }
        }
        self = try result.get()
    }

    /// The same fields taken from a fully decoded message.
    public init(_ message: OMKeyInfo) {
        volumeName = message.volumeName
        bucketName = message.bucketName
        keyName = message.keyName
        dataSize = message.dataSize
        type = message.type
        factor = message.factor
        creationTime = message.creationTime
        modificationTime = message.modificationTime
        objectID = message.objectID
        updateID = message.updateID
        parentID = message.parentID
        if message.hasEcReplicationConfig {
            let ec = message.ecReplicationConfig
            ecReplicationConfig = ECReplication(data: ec.data, parity: ec.parity, codec: ec.codec, chunkSize: ec.ecChunkSize)
        }
        isFile = message.isFile
        ownerName = message.ownerName
        tags = message.tags.map { Tag(key: $0.key, value: $0.value) }
        versionCount = message.keyLocationList.count
        latestVersion = message.keyLocationList.last?.version
        for (index, list) in message.keyLocationList.enumerated() {
            for location in list.keyLocations {
                blocks.append(Block(
                    versionIndex: index, version: list.version,
                    containerID: location.blockID.containerBlockID.containerID,
                    localID: location.blockID.containerBlockID.localID,
                    offset: location.offset, length: location.length, createVersion: location.createVersion))
            }
        }
    }

    /// EC parameters when `type` is EC and field 17 is present.
    public var ecParameters: ECParameters? {
        guard type == .ec, let ec = ecReplicationConfig else { return nil }
        return ECParameters(data: ec.data, parity: ec.parity, chunkSize: ec.chunkSize)
    }

    /// Bytes on datanodes per `QuotaUtil.getReplicatedSize` (see `ReplicatedSize.compute`).
    public var replicatedSize: UInt64 {
        ReplicatedSize.compute(dataSize: dataSize, type: type, factor: factor, ec: ecParameters)
    }

    /// Blocks of the latest version's list (the last field-7 entry), all create versions.
    public var latestVersionBlocks: ArraySlice<Block> {
        let latest = versionCount - 1
        guard let start = blocks.firstIndex(where: { $0.versionIndex == latest }) else { return [] }
        return blocks[start...]
    }

    private mutating func readLocationList(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtoLightError) {
        let index = versionCount
        let firstBlock = blocks.count
        var version: UInt64 = 0
        var wire = ProtoWire(bytes, range: range)
        while let (field, wireType) = try wire.readTag() {
            switch (field, wireType) {
            case (1, ProtoWire.varint):
                version = try wire.readVarint()
            case (2, ProtoWire.lengthDelimited):
                var block = Block(versionIndex: index, version: 0, containerID: 0, localID: 0,
                                  offset: 0, length: 0, createVersion: 0)
                try Self.readLocation(bytes, try wire.readLengthDelimited(), into: &block)
                blocks.append(block)
            default:
                try wire.skip(wireType: wireType, field: field)
            }
        }
        // The version field may follow the blocks on the wire; stamp it afterwards.
        for i in firstBlock..<blocks.count { blocks[i].version = version }
        versionCount = index + 1
        latestVersion = version
    }

    private static func readLocation(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into block: inout Block) throws(ProtoLightError) {
        var wire = ProtoWire(bytes, range: range)
        while let (field, wireType) = try wire.readTag() {
            switch (field, wireType) {
            case (1, ProtoWire.lengthDelimited): try readBlockID(bytes, try wire.readLengthDelimited(), into: &block)
            case (3, ProtoWire.varint): block.offset = try wire.readVarint()
            case (4, ProtoWire.varint): block.length = try wire.readVarint()
            case (5, ProtoWire.varint): block.createVersion = try wire.readVarint()
            default: try wire.skip(wireType: wireType, field: field)
            }
        }
    }

    private static func readBlockID(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into block: inout Block) throws(ProtoLightError) {
        var wire = ProtoWire(bytes, range: range)
        while let (field, wireType) = try wire.readTag() {
            if field == 1, wireType == ProtoWire.lengthDelimited {
                var inner = ProtoWire(bytes, range: try wire.readLengthDelimited())
                while let (f, w) = try inner.readTag() {
                    switch (f, w) {
                    case (1, ProtoWire.varint): block.containerID = Int64(bitPattern: try inner.readVarint())
                    case (2, ProtoWire.varint): block.localID = Int64(bitPattern: try inner.readVarint())
                    default: try inner.skip(wireType: w, field: f)
                    }
                }
            } else {
                try wire.skip(wireType: wireType, field: field)
            }
        }
    }

    private static func readEC(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into ec: inout ECReplication) throws(ProtoLightError) {
        var wire = ProtoWire(bytes, range: range)
        while let (field, wireType) = try wire.readTag() {
            switch (field, wireType) {
            case (1, ProtoWire.varint): ec.data = Int32(truncatingIfNeeded: try wire.readVarint())
            case (2, ProtoWire.varint): ec.parity = Int32(truncatingIfNeeded: try wire.readVarint())
            case (3, ProtoWire.lengthDelimited): ec.codec = try wire.readString()
            case (4, ProtoWire.varint): ec.chunkSize = Int32(truncatingIfNeeded: try wire.readVarint())
            default: try wire.skip(wireType: wireType, field: field)
            }
        }
    }

    private static func readKeyValue(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtoLightError) -> Tag {
        var tag = Tag(key: "", value: "")
        var wire = ProtoWire(bytes, range: range)
        while let (field, wireType) = try wire.readTag() {
            switch (field, wireType) {
            case (1, ProtoWire.lengthDelimited): tag.key = try wire.readString()
            case (2, ProtoWire.lengthDelimited): tag.value = try wire.readString()
            default: try wire.skip(wireType: wireType, field: field)
            }
        }
        return tag
    }
}
