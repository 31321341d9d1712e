import Testing
@testable import OzoneFormat

/// A decoded record with owned bytes, for comparisons.
struct Rec: Equatable, CustomStringConvertible {
    var op: WriteBatchOp
    var cf: UInt32
    var key: [UInt8]
    var value: [UInt8]
    var sequence: UInt64

    init(_ op: WriteBatchOp, cf: UInt32 = 0, _ key: String, _ value: String = "", seq: UInt64) {
        self.op = op
        self.cf = cf
        self.key = utf8(key)
        self.value = utf8(value)
        self.sequence = seq
    }

    init(_ record: WriteBatchRecord) {
        op = record.op
        cf = record.columnFamilyID
        key = Array(record.key)
        value = Array(record.value)
        sequence = record.sequence
    }

    var description: String { "\(op) cf=\(cf) key=\(hexString(key)) value=\(hexString(value)) seq=\(sequence)" }
}

func records(_ bytes: [UInt8]) throws -> [Rec] {
    try WriteBatchReader.withReader(bytes) { reader in reader.map(Rec.init) }
}

func parseError(_ bytes: [UInt8]) -> WriteBatchError? {
    bytes.withUnsafeBytes { raw -> WriteBatchError? in
        do throws(WriteBatchError) {
            _ = try WriteBatchReader(raw)
            return nil
        } catch {
            return error
        }
    }
}

@Suite struct WriteBatchTests {
    /// The batch from om-db-format.md §7.4, produced by librocksdb 7.8.3:
    /// put_cf(cf2, "/v/b/k", "VAL"), delete_cf(cf1, "/v"), sequence 1.
    static let rocksdbVector = hex("0100000000000000 02000000 05 02 06 2f762f622f6b 03 56414c 04 01 02 2f76")

    /// Every counted op, with and without column family, plus LogData in the middle.
    /// Sequence 100, count 10.
    static let countedOps = """
        01 01 61 01 31
        05 ac 02 01 62 00
        00 01 63
        04 01 01 64
        07 01 65
        08 02 01 66
        03 03 6c 6f 67
        0f 01 61 01 7a
        0e 03 01 61 01 62
        02 01 6d 02 2b 31
        06 04 01 6d 01 78
        """
    static let countedOpsBatch = hex("64 00 00 00 00 00 00 00  0a 00 00 00" + countedOps)
    static let countedOpsRecords: [Rec] = [
        Rec(.put, "a", "1", seq: 100),
        Rec(.put, cf: 300, "b", "", seq: 101),
        Rec(.delete, "c", seq: 102),
        Rec(.delete, cf: 1, "d", seq: 103),
        Rec(.singleDelete, "e", seq: 104),
        Rec(.singleDelete, cf: 2, "f", seq: 105),
        Rec(.logData, "log", seq: 106),
        Rec(.deleteRange, "a", "z", seq: 106),
        Rec(.deleteRange, cf: 3, "a", "b", seq: 107),
        Rec(.merge, "m", "+1", seq: 108),
        Rec(.merge, cf: 4, "m", "x", seq: 109),
    ]

    /// 2PC markers and Noop after the counted ops: none is counted or takes a sequence.
    static let markers = """
        0d
        09
        0a 01 78
        0b 01 78
        0c 01 79
        15 01 54 01 78
        12
        13
        """

    @Test func parsesRocksDBVector() throws {
        let parsed = try records(Self.rocksdbVector)
        #expect(parsed == [
            Rec(.put, cf: 2, "/v/b/k", "VAL", seq: 1),
            Rec(.delete, cf: 1, "/v", seq: 2),
        ])
        try Self.rocksdbVector.withUnsafeBytes { raw in
            let reader = try WriteBatchReader(raw)
            #expect(reader.sequence == 1)
            #expect(reader.count == 2)
            #expect(reader.recordCount == 2)
            #expect(reader.lastSequence == 2)
            #expect(Array(reader).map(\.tag) == [.columnFamilyValue, .columnFamilyDeletion])
            #expect(Array(reader).map(\.offset) == [12, 25])
        }
    }

    @Test func builderMatchesRocksDBVector() {
        var builder = WriteBatchBuilder(sequence: 1)
        builder.put(columnFamily: 2, key: utf8("/v/b/k"), value: utf8("VAL"))
        builder.delete(columnFamily: 1, key: "/v".utf8)
        #expect(builder.bytes == Self.rocksdbVector)
        #expect(builder.count == 2)
    }

    @Test func parsesEveryRecordKind() throws {
        #expect(try records(Self.countedOpsBatch) == Self.countedOpsRecords)

        let withMarkers = Self.countedOpsBatch + hex(Self.markers)
        let parsed = try records(withMarkers)
        #expect(Array(parsed.prefix(11)) == Self.countedOpsRecords)
        #expect(parsed.dropFirst(11).map(\.op) == [
            .noop, .beginPrepare, .endPrepare, .commit, .rollback, .commitWithTimestamp,
            .beginPersistedPrepare, .beginUnprepare,
        ])
        #expect(parsed.dropFirst(11).allSatisfy { $0.sequence == 110 })
        #expect(parsed[13].key == utf8("x"))
        #expect(parsed[16].key == utf8("x") && parsed[16].value == utf8("T"))
    }

    @Test func builderMatchesHandVector() {
        var builder = WriteBatchBuilder()
        builder.sequence = 100
        builder.put(key: utf8("a"), value: utf8("1"))
        builder.put(columnFamily: 300, key: utf8("b"), value: [UInt8]())
        builder.delete(key: utf8("c"))
        builder.delete(columnFamily: 1, key: utf8("d"))
        builder.singleDelete(key: utf8("e"))
        builder.singleDelete(columnFamily: 2, key: utf8("f"))
        builder.putLogData(utf8("log"))
        builder.deleteRange(begin: utf8("a"), end: utf8("z"))
        builder.deleteRange(columnFamily: 3, begin: utf8("a"), end: utf8("b"))
        builder.merge(key: utf8("m"), value: utf8("+1"))
        builder.merge(columnFamily: 4, key: utf8("m"), value: utf8("x"))
        #expect(hexString(builder.bytes) == hexString(Self.countedOpsBatch))
        #expect(builder.count == 10)
    }

    @Test func emptyBatch() throws {
        let empty = WriteBatchBuilder(sequence: 7).bytes
        #expect(empty == hex("07 00 00 00 00 00 00 00  00 00 00 00"))
        try empty.withUnsafeBytes { raw in
            let reader = try WriteBatchReader(raw)
            #expect(reader.lastSequence == nil)
            #expect(Array(reader).isEmpty)
        }
    }

    @Test func largeValuesUseMultiByteLengths() throws {
        var builder = WriteBatchBuilder(sequence: UInt64.max - 1)
        let big = [UInt8](repeating: 0xAB, count: 20_000)
        builder.put(columnFamily: 0x1F_FFFF, key: big, value: big)
        builder.put(columnFamily: UInt32.max, key: utf8("k"), value: big)
        let bytes = builder.bytes
        // cf 0x1FFFFF = varint ff ff 7f; 20000 = varint a0 9c 01.
        #expect(Array(bytes[12..<19]) == hex("05 ff ff 7f a0 9c 01"))
        let parsed = try records(bytes)
        #expect(parsed.map(\.cf) == [0x1F_FFFF, UInt32.max])
        #expect(parsed[0].key == big && parsed[1].value == big)
        #expect(parsed.map(\.sequence) == [UInt64.max - 1, UInt64.max])
    }

    @Test func everyTruncationIsAnError() {
        for batch in [Self.rocksdbVector, Self.countedOpsBatch] {
            for length in 0..<batch.count {
                let error = parseError(Array(batch[0..<length]))
                #expect(error != nil, "prefix of \(length) bytes parsed")
                if length < 12 { #expect(error == .tooSmall(size: length)) }
            }
        }
        // With trailing markers, prefixes that end inside a record are errors too.
        let withMarkers = Self.countedOpsBatch + hex(Self.markers)
        var boundaries: Set<Int> = []
        withMarkers.withUnsafeBytes { raw in
            if let reader = try? WriteBatchReader(raw) { for r in reader { boundaries.insert(r.offset) } }
        }
        for length in Self.countedOpsBatch.count..<withMarkers.count where !boundaries.contains(length) {
            #expect(parseError(Array(withMarkers[0..<length])) != nil, "prefix of \(length) bytes parsed")
        }
    }

    @Test func wrongCountIsAnError() {
        var batch = Self.rocksdbVector
        batch[8] = 1
        #expect(parseError(batch) == .countMismatch(header: 1, found: 2))
        batch[8] = 3
        #expect(parseError(batch) == .countMismatch(header: 3, found: 2))
        // LogData alone is not counted.
        #expect(parseError(hex("00 00 00 00 00 00 00 00  01 00 00 00  03 00")) == .countMismatch(header: 1, found: 0))
        #expect(parseError(hex("00 00 00 00 00 00 00 00  00 00 00 00  03 00")) == nil)
    }

    @Test func unknownTagsAreErrors() {
        let header = "00 00 00 00 00 00 00 00  00 00 00 00"
        for tag: UInt8 in [0x14, 0x1A, 0x7F, 0xFF] {
            #expect(parseError(hex(header) + [tag]) == .unknownTag(offset: 12, tag: tag))
        }
        #expect(parseError(Self.rocksdbVector + [0x14]) == .unknownTag(offset: Self.rocksdbVector.count, tag: 0x14))
    }

    @Test func malformedVarintsAreErrors() {
        let header = "00 00 00 00 00 00 00 00  01 00 00 00"
        // Column-family id with bits beyond 32.
        #expect(parseError(hex(header + " 05 ff ff ff ff 1f 01 61 00")) == .corruptRecord(offset: 12, tag: 5))
        // Six-byte varint length.
        #expect(parseError(hex(header + " 01 80 80 80 80 80 00")) == .corruptRecord(offset: 12, tag: 1))
        // Length beyond the end.
        #expect(parseError(hex(header + " 01 05 61 00")) == .corruptRecord(offset: 12, tag: 1))
        // Largest legal varint32 column-family id.
        #expect(parseError(hex(header + " 05 ff ff ff ff 0f 01 61 00")) == nil)
    }

    @Test func headerPeekDoesNotValidate() throws {
        let (sequence, count) = try Self.countedOpsBatch.withUnsafeBytes { try WriteBatchReader.header(of: $0) }
        #expect(sequence == 100)
        #expect(count == 10)
    }
}
