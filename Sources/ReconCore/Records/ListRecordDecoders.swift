import CReconTask
import OzoneFormat

/// Decoders for RepeatedKeyInfo (deletedTable) and MultipartKeyInfo views.
enum ListRecordDecoders {
    /// RepeatedKeyInfo: 1 keyInfo (repeated). Returns the count and an array of key views.
    static func keyList(_ bytes: UnsafeRawBufferPointer, _ arena: CArena) throws(ProtoLightError)
        -> (Int, UnsafePointer<UnsafePointer<recon_key_record>?>?)
    {
        var count = 0
        var w = ProtoWire(bytes, range: 0..<bytes.count)
        while let tag = try w.readTag() {
            if tag.field == 1 && tag.wireType == ProtoWire.lengthDelimited { count += 1 }
            try w.skip(wireType: tag.wireType, field: tag.field)
        }
        guard count > 0 else { return (0, nil) }
        let list = arena.allocate(UnsafePointer<recon_key_record>?.self, count: count)
        var i = 0
        w = ProtoWire(bytes, range: 0..<bytes.count)
        while let tag = try w.readTag() {
            if tag.field == 1 && tag.wireType == ProtoWire.lengthDelimited {
                (list + i).initialize(to: try KeyRecordDecoder.decode(bytes, try w.readLengthDelimited(), arena))
                i += 1
            } else {
                try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        return (count, UnsafePointer(list))
    }

    /// MultipartKeyInfo: 1 uploadID, 2 creationTime, 3 type, 4 factor, 5 partKeyInfoList
    /// (PartKeyInfo: 2 partNumber, 3 partKeyInfo), 6 objectID, 8 parentID, 9 ecReplicationConfig.
    static func multipart(_ bytes: UnsafeRawBufferPointer, _ arena: CArena) throws(ProtoLightError)
        -> UnsafePointer<recon_multipart_record>
    {
        var r = recon_multipart_record()
        r.struct_size = UInt32(MemoryLayout<recon_multipart_record>.size)
        var type: UInt64 = 1, factor: UInt64 = 1
        var ec: ECParameters?
        var partCount = 0
        var w = ProtoWire(bytes, range: 0..<bytes.count)
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (1, ProtoWire.lengthDelimited): r.upload_id = WireViews.str(bytes, try w.readLengthDelimited())
            case (2, ProtoWire.varint): r.creation_time = try w.readVarint()
            case (3, ProtoWire.varint): type = try w.readVarint()
            case (4, ProtoWire.varint): factor = try w.readVarint()
            case (5, ProtoWire.lengthDelimited): partCount += 1; _ = try w.readLengthDelimited()
            case (6, ProtoWire.varint): r.object_id = try w.readVarint()
            case (8, ProtoWire.varint): r.parent_object_id = try w.readVarint()
            case (9, ProtoWire.lengthDelimited): ec = try WireViews.ecConfig(bytes, try w.readLengthDelimited())
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        r.replication = WireViews.replication(type: type, factor: factor, ec: ec, dataSize: 0).0
        if partCount > 0 {
            let parts = arena.allocate(recon_part.self, count: partCount)
            var i = 0
            w = ProtoWire(bytes, range: 0..<bytes.count)
            while let tag = try w.readTag() {
                if tag.field == 5 && tag.wireType == ProtoWire.lengthDelimited {
                    let part = try readPart(bytes, try w.readLengthDelimited())
                    (parts + i).initialize(to: part)
                    r.data_size &+= part.data_size
                    r.replicated_size &+= part.replicated_size
                    i += 1
                } else {
                    try w.skip(wireType: tag.wireType, field: tag.field)
                }
            }
            r.part_count = partCount
            r.parts = UnsafePointer(parts)
        }
        return UnsafePointer(arena.store(r))
    }

    /// PartKeyInfo: 2 partNumber, 3 partKeyInfo (its dataSize and replication).
    private static func readPart(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtoLightError) -> recon_part {
        var part = recon_part()
        var w = ProtoWire(bytes, range: range)
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (2, ProtoWire.varint): part.part_number = UInt32(truncatingIfNeeded: try w.readVarint())
            case (3, ProtoWire.lengthDelimited):
                var k = ProtoWire(bytes, range: try w.readLengthDelimited())
                var type: UInt64 = 1, factor: UInt64 = 1
                var ec: ECParameters?
                while let t = try k.readTag() {
                    switch (t.field, t.wireType) {
                    case (4, ProtoWire.varint): part.data_size = try k.readVarint()
                    case (5, ProtoWire.varint): type = try k.readVarint()
                    case (6, ProtoWire.varint): factor = try k.readVarint()
                    case (17, ProtoWire.lengthDelimited): ec = try WireViews.ecConfig(bytes, try k.readLengthDelimited())
                    default: try k.skip(wireType: t.wireType, field: t.field)
                    }
                }
                part.replicated_size = WireViews.replication(type: type, factor: factor, ec: ec, dataSize: part.data_size).1
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        return part
    }
}
