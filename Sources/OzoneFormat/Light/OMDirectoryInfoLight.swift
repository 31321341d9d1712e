/// The hot fields of a `DirectoryInfo`, decoded straight from borrowed bytes: 1 name,
/// 2 creationTime, 3 modificationTime, 6 objectID, 7 updateID, 8 parentID, 9 ownerName.
/// Metadata and ACLs are skipped. Same semantics as `OMKeyInfoLight`.
public struct OMDirectoryInfoLight: Sendable, Hashable {
    /// Field 1: leaf directory name.
    public var name = ""
    /// Field 2: ms since the epoch.
    public var creationTime: UInt64 = 0
    /// Field 3: ms since the epoch.
    public var modificationTime: UInt64 = 0
    /// Field 6.
    public var objectID: UInt64 = 0
    /// Field 7.
    public var updateID: UInt64 = 0
    /// Field 8: parent directory's or bucket's object id.
    public var parentID: UInt64 = 0
    /// Field 9 (2.0+).
    public var ownerName = ""

    /// All defaults (what empty bytes decode to).
    public init() {}

    /// Decodes the hot fields from serialized `DirectoryInfo` bytes.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(ProtoLightError) {
        var wire = ProtoWire(bytes, range: 0..<bytes.count)
        while let (field, wireType) = try wire.readTag() {
            switch (field, wireType) {
            case (1, ProtoWire.lengthDelimited): name = try wire.readString()
            case (2, ProtoWire.varint): creationTime = try wire.readVarint()
            case (3, ProtoWire.varint): modificationTime = try wire.readVarint()
            case (6, ProtoWire.varint): objectID = try wire.readVarint()
            case (7, ProtoWire.varint): updateID = try wire.readVarint()
            case (8, ProtoWire.varint): parentID = try wire.readVarint()
            case (9, ProtoWire.lengthDelimited): ownerName = try wire.readString()
            default: try wire.skip(wireType: wireType, field: field)
            }
        }
    }

    /// Decodes the hot fields from serialized `DirectoryInfo` bytes (an array, `Data`, ...).
    public init(parsing bytes: some Sequence<UInt8>) throws(ProtoLightError) {
        let result: Result<Self, ProtoLightError> = KeyBytes.withBytes(bytes) { raw in
            do throws(ProtoLightError) { return .success(try Self(parsing: raw)) } catch { return .failure(error) }
        }
        self = try result.get()
    }

    /// The same fields taken from a fully decoded message.
    public init(_ message: OMDirectoryInfo) {
        name = message.name
        creationTime = message.creationTime
        modificationTime = message.modificationTime
        objectID = message.objectID
        updateID = message.updateID
        parentID = message.parentID
        ownerName = message.ownerName
    }
}
