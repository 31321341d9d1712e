import CReconTask
import OzoneFormat

/// Decodes a KeyInfo message into a `recon_key_record` in two passes over the
/// bytes: the first reads scalars and counts repeated fields, the second fills
/// arrays allocated once in the arena. Strings point into the value (no copy).
enum KeyRecordDecoder {
    /// The view of the KeyInfo in `range` of `bytes`, allocated in `arena`.
    static func decode(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, _ arena: CArena) throws(ProtoLightError)
        -> UnsafePointer<recon_key_record>
    {
        var r = recon_key_record()
        r.struct_size = UInt32(MemoryLayout<recon_key_record>.size)
        r.is_file = -1
        var type: UInt64 = 1, factor: UInt64 = 1
        var ec: ECParameters?
        var versionCount = 0, blockCount = 0, metadataCount = 0, tagCount = 0

        var w = ProtoWire(bytes, range: range)
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (1, ProtoWire.lengthDelimited): r.volume = WireViews.str(bytes, try w.readLengthDelimited())
            case (2, ProtoWire.lengthDelimited): r.bucket = WireViews.str(bytes, try w.readLengthDelimited())
            case (3, ProtoWire.lengthDelimited): r.key_name = WireViews.str(bytes, try w.readLengthDelimited())
            case (4, ProtoWire.varint): r.data_size = try w.readVarint()
            case (5, ProtoWire.varint): type = try w.readVarint()
            case (6, ProtoWire.varint): factor = try w.readVarint()
            case (7, ProtoWire.lengthDelimited):
                versionCount += 1
                blockCount += try countBlocks(bytes, try w.readLengthDelimited())
            case (8, ProtoWire.varint): r.creation_time = try w.readVarint()
            case (9, ProtoWire.varint): r.modification_time = try w.readVarint()
            case (11, ProtoWire.lengthDelimited): metadataCount += 1; _ = try w.readLengthDelimited()
            case (14, ProtoWire.varint): r.object_id = try w.readVarint()
            case (15, ProtoWire.varint): r.update_id = try w.readVarint()
            case (16, ProtoWire.varint): r.parent_object_id = try w.readVarint()
            case (17, ProtoWire.lengthDelimited): ec = try WireViews.ecConfig(bytes, try w.readLengthDelimited())
            case (19, ProtoWire.varint): r.is_file = try w.readVarint() != 0 ? 1 : 0
            case (20, ProtoWire.lengthDelimited): r.owner = WireViews.str(bytes, try w.readLengthDelimited())
            case (21, ProtoWire.lengthDelimited): tagCount += 1; _ = try w.readLengthDelimited()
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        (r.replication, r.replicated_size) = WireViews.replication(type: type, factor: factor, ec: ec, dataSize: r.data_size)

        let versions = arena.allocate(recon_key_version.self, count: versionCount)
        let blocks = arena.allocate(recon_block.self, count: blockCount)
        let metadata = arena.allocate(recon_str_pair.self, count: metadataCount)
        let tags = arena.allocate(recon_str_pair.self, count: tagCount)
        var v = 0, b = 0, m = 0, t = 0
        if versionCount + metadataCount + tagCount > 0 {
            w = ProtoWire(bytes, range: range)
            while let tag = try w.readTag() {
                switch (tag.field, tag.wireType) {
                case (7, ProtoWire.lengthDelimited):
                    let (version, multipart, n) = try readVersion(bytes, try w.readLengthDelimited(), into: blocks + b)
                    (versions + v).initialize(to: recon_key_version(version: version, block_count: n, blocks: blocks + b))
                    r.is_multipart = multipart ? 1 : 0
                    v += 1
                    b += n
                case (11, ProtoWire.lengthDelimited):
                    (metadata + m).initialize(to: try pair(bytes, try w.readLengthDelimited()))
                    m += 1
                case (21, ProtoWire.lengthDelimited):
                    (tags + t).initialize(to: try pair(bytes, try w.readLengthDelimited()))
                    t += 1
                default: try w.skip(wireType: tag.wireType, field: tag.field)
                }
            }
        }
        r.version_count = versionCount
        r.versions = versionCount > 0 ? UnsafePointer(versions) : nil
        r.metadata_count = metadataCount
        r.metadata = metadataCount > 0 ? UnsafePointer(metadata) : nil
        r.tag_count = tagCount
        r.tags = tagCount > 0 ? UnsafePointer(tags) : nil
        return UnsafePointer(arena.store(r))
    }

    /// Number of KeyLocation entries in a KeyLocationList.
    private static func countBlocks(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtoLightError) -> Int {
        var w = ProtoWire(bytes, range: range)
        var n = 0
        while let tag = try w.readTag() {
            if tag.field == 2 && tag.wireType == ProtoWire.lengthDelimited { n += 1 }
            try w.skip(wireType: tag.wireType, field: tag.field)
        }
        return n
    }

    /// Fills `out` with the blocks of one KeyLocationList; returns its version,
    /// multipart flag and block count.
    private static func readVersion(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, into out: UnsafeMutablePointer<recon_block>)
        throws(ProtoLightError) -> (UInt64, Bool, Int)
    {
        var w = ProtoWire(bytes, range: range)
        var version: UInt64 = 0, multipart = false, n = 0
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (1, ProtoWire.varint): version = try w.readVarint()
            case (2, ProtoWire.lengthDelimited):
                (out + n).initialize(to: try readBlock(bytes, try w.readLengthDelimited()))
                n += 1
            case (4, ProtoWire.varint): multipart = try w.readVarint() != 0
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        return (version, multipart, n)
    }

    /// One KeyLocation: blockID.containerBlockID.{containerID, localID}, offset, length.
    private static func readBlock(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtoLightError) -> recon_block {
        var block = recon_block()
        var w = ProtoWire(bytes, range: range)
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (1, ProtoWire.lengthDelimited):
                var id = ProtoWire(bytes, range: try w.readLengthDelimited())
                while let t = try id.readTag() {
                    if t.field == 1 && t.wireType == ProtoWire.lengthDelimited {
                        var cb = ProtoWire(bytes, range: try id.readLengthDelimited())
                        while let c = try cb.readTag() {
                            switch (c.field, c.wireType) {
                            case (1, ProtoWire.varint): block.container_id = WireViews.int64(try cb.readVarint())
                            case (2, ProtoWire.varint): block.local_id = WireViews.int64(try cb.readVarint())
                            default: try cb.skip(wireType: c.wireType, field: c.field)
                            }
                        }
                    } else {
                        try id.skip(wireType: t.wireType, field: t.field)
                    }
                }
            case (3, ProtoWire.varint): block.offset = try w.readVarint()
            case (4, ProtoWire.varint): block.length = try w.readVarint()
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        return block
    }

    /// A KeyValue message (1 key, 2 value) as a string pair.
    private static func pair(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) throws(ProtoLightError) -> recon_str_pair {
        var p = recon_str_pair()
        var w = ProtoWire(bytes, range: range)
        while let tag = try w.readTag() {
            switch (tag.field, tag.wireType) {
            case (1, ProtoWire.lengthDelimited): p.name = WireViews.str(bytes, try w.readLengthDelimited())
            case (2, ProtoWire.lengthDelimited): p.value = WireViews.str(bytes, try w.readLengthDelimited())
            default: try w.skip(wireType: tag.wireType, field: tag.field)
            }
        }
        return p
    }
}
