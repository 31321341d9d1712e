import CReconTask
import OzoneFormat

/// Decoders for DirectoryInfo, VolumeInfo and BucketInfo views (strings point into the value).
enum NamespaceRecordDecoders {
    /// DirectoryInfo: 1 name, 2 creationTime, 3 modificationTime, 6 objectID, 7 updateID, 8 parentID, 9 ownerName.
    static func directory(_ bytes: UnsafeRawBufferPointer, _ arena: CArena) throws(ProtoLightError) -> UnsafePointer<recon_dir_record> {
        var r = recon_dir_record()
        r.struct_size = UInt32(MemoryLayout<recon_dir_record>.size)
        var w = ProtoWire(bytes, range: 0..<bytes.count)
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (1, ProtoWire.lengthDelimited): r.name = WireViews.str(bytes, try w.readLengthDelimited())
            case (2, ProtoWire.varint): r.creation_time = try w.readVarint()
            case (3, ProtoWire.varint): r.modification_time = try w.readVarint()
            case (6, ProtoWire.varint): r.object_id = try w.readVarint()
            case (7, ProtoWire.varint): r.update_id = try w.readVarint()
            case (8, ProtoWire.varint): r.parent_object_id = try w.readVarint()
            case (9, ProtoWire.lengthDelimited): r.owner = WireViews.str(bytes, try w.readLengthDelimited())
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        return UnsafePointer(arena.store(r))
    }

    /// VolumeInfo: 1 adminName, 2 ownerName, 3 volume, 4 quotaInBytes, 7 creationTime,
    /// 8 objectID, 10 modificationTime, 11 quotaInNamespace, 12 usedNamespace.
    static func volume(_ bytes: UnsafeRawBufferPointer, _ arena: CArena) throws(ProtoLightError) -> UnsafePointer<recon_volume_record> {
        var r = recon_volume_record()
        r.struct_size = UInt32(MemoryLayout<recon_volume_record>.size)
        r.quota_in_bytes = -2
        r.quota_in_namespace = -2
        var w = ProtoWire(bytes, range: 0..<bytes.count)
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (1, ProtoWire.lengthDelimited): r.admin = WireViews.str(bytes, try w.readLengthDelimited())
            case (2, ProtoWire.lengthDelimited): r.owner = WireViews.str(bytes, try w.readLengthDelimited())
            case (3, ProtoWire.lengthDelimited): r.name = WireViews.str(bytes, try w.readLengthDelimited())
            case (4, ProtoWire.varint): r.quota_in_bytes = WireViews.int64(try w.readVarint())
            case (7, ProtoWire.varint): r.creation_time = try w.readVarint()
            case (8, ProtoWire.varint): r.object_id = try w.readVarint()
            case (10, ProtoWire.varint): r.modification_time = try w.readVarint()
            case (11, ProtoWire.varint): r.quota_in_namespace = WireViews.int64(try w.readVarint())
            case (12, ProtoWire.varint): r.used_namespace = try w.readVarint()
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        return UnsafePointer(arena.store(r))
    }

    /// BucketInfo: 1 volumeName, 2 bucketName, 4 isVersionEnabled, 6 creationTime, 9 objectID,
    /// 11 modificationTime, 12 sourceVolume, 13 sourceBucket, 14 usedBytes, 15 quotaInBytes,
    /// 16 quotaInNamespace, 17 usedNamespace, 18 bucketLayout, 19 owner.
    static func bucket(_ bytes: UnsafeRawBufferPointer, _ arena: CArena) throws(ProtoLightError) -> UnsafePointer<recon_bucket_record> {
        var r = recon_bucket_record()
        r.struct_size = UInt32(MemoryLayout<recon_bucket_record>.size)
        r.quota_in_bytes = -2
        r.quota_in_namespace = -2
        r.layout = RECON_LAYOUT_LEGACY.rawValue
        var w = ProtoWire(bytes, range: 0..<bytes.count)
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (1, ProtoWire.lengthDelimited): r.volume = WireViews.str(bytes, try w.readLengthDelimited())
            case (2, ProtoWire.lengthDelimited): r.name = WireViews.str(bytes, try w.readLengthDelimited())
            case (4, ProtoWire.varint): r.versioning = try w.readVarint() != 0 ? 1 : 0
            case (6, ProtoWire.varint): r.creation_time = try w.readVarint()
            case (9, ProtoWire.varint): r.object_id = try w.readVarint()
            case (11, ProtoWire.varint): r.modification_time = try w.readVarint()
            case (12, ProtoWire.lengthDelimited): r.source_volume = WireViews.str(bytes, try w.readLengthDelimited())
            case (13, ProtoWire.lengthDelimited): r.source_bucket = WireViews.str(bytes, try w.readLengthDelimited())
            case (14, ProtoWire.varint): r.used_bytes = try w.readVarint()
            case (15, ProtoWire.varint): r.quota_in_bytes = WireViews.int64(try w.readVarint())
            case (16, ProtoWire.varint): r.quota_in_namespace = WireViews.int64(try w.readVarint())
            case (17, ProtoWire.varint): r.used_namespace = try w.readVarint()
            case (18, ProtoWire.varint):
                let layout = try w.readVarint()
                if (1...3).contains(layout) { r.layout = UInt32(layout) }
            case (19, ProtoWire.lengthDelimited): r.owner = WireViews.str(bytes, try w.readLengthDelimited())
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        return UnsafePointer(arena.store(r))
    }
}
