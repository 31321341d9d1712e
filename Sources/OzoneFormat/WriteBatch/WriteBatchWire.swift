/// Record-level decoding shared by `WriteBatchReader`, mirroring RocksDB's
/// `ReadRecordFromWriteBatch` (write_batch.cc).
enum WriteBatchWire {
    struct RawRecord {
        var tag: WriteBatchTag
        var columnFamilyID: UInt32
        var key: Range<Int>
        var value: Range<Int>
    }

    /// Decodes the record at `position` and advances past it.
    static func readRecord(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) throws(WriteBatchError) -> RawRecord {
        let offset = position
        let tagByte = bytes[position]
        guard let tag = WriteBatchTag(rawValue: tagByte) else {
            throw .unknownTag(offset: offset, tag: tagByte)
        }
        position += 1
        let corrupt = WriteBatchError.corruptRecord(offset: offset, tag: tagByte)
        var columnFamilyID: UInt32 = 0
        if tag.hasColumnFamily {
            guard let cf = readVarint32(bytes, &position) else { throw corrupt }
            columnFamilyID = cf
        }
        let empty = position..<position
        var key = empty
        var value = empty
        switch tag {
        case .value, .columnFamilyValue, .merge, .columnFamilyMerge, .rangeDeletion, .columnFamilyRangeDeletion,
             .blobIndex, .columnFamilyBlobIndex, .wideColumnEntity, .columnFamilyWideColumnEntity,
             .valuePreferredSeqno, .columnFamilyValuePreferredSeqno:
            guard let k = readSlice(bytes, &position), let v = readSlice(bytes, &position) else { throw corrupt }
            key = k
            value = v
        case .deletion, .columnFamilyDeletion, .singleDeletion, .columnFamilySingleDeletion,
             .logData, .endPrepareXID, .commitXID, .rollbackXID:
            guard let k = readSlice(bytes, &position) else { throw corrupt }
            key = k
        case .commitXIDAndTimestamp:
            // Timestamp first, then xid.
            guard let ts = readSlice(bytes, &position), let xid = readSlice(bytes, &position) else { throw corrupt }
            key = xid
            value = ts
        case .noop, .beginPrepareXID, .beginPersistedPrepareXID, .beginUnprepareXID:
            break
        }
        return RawRecord(tag: tag, columnFamilyID: columnFamilyID, key: key, value: value)
    }

    /// A varint32 (at most 5 bytes, no bits beyond 32); nil when cut off or overlong.
    static func readVarint32(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) -> UInt32? {
        var result: UInt32 = 0
        var shift: UInt32 = 0
        var index = position
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if shift == 28 {
                guard byte & 0xF0 == 0 else { return nil }
                result |= UInt32(byte) << 28
                position = index
                return result
            }
            result |= UInt32(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                position = index
                return result
            }
            shift += 7
        }
        return nil
    }

    /// A varint32 length followed by that many bytes; nil when cut off.
    static func readSlice(_ bytes: UnsafeRawBufferPointer, _ position: inout Int) -> Range<Int>? {
        var index = position
        guard let length = readVarint32(bytes, &index), Int(length) <= bytes.count - index else { return nil }
        position = index + Int(length)
        return index..<position
    }

    /// Appends `value` as a varint32.
    static func appendVarint32(_ value: UInt32, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}
