import Testing
@testable import OzoneFormat

@Suite struct KeyCodecTests {
    @Test func volumeKey() {
        #expect(OMVolumeKey(volume: "vol").description == "/vol")
        #expect(OMVolumeKey(volume: "vol").bytes == utf8("/vol"))
        #expect(OMVolumeKey("/vol")?.volume == "vol")
        for bad in ["", "/", "vol", "/a/b", "//"] { #expect(OMVolumeKey(bad) == nil, "\(bad)") }
    }

    @Test func bucketKey() {
        let key = OMBucketKey(volume: "vol", bucket: "buck")
        #expect(key.description == "/vol/buck")
        #expect(OMBucketKey(parsing: key.bytes) == key)
        for bad in ["/vol", "/vol/", "//b", "/v/b/k", "v/b", "/v/b/"] { #expect(OMBucketKey(bad) == nil, "\(bad)") }
    }

    @Test func objectKey() throws {
        let key = OMObjectKey(volume: "vol", bucket: "buck", key: "a/b/c.txt")
        #expect(key.description == "/vol/buck/a/b/c.txt")
        #expect(OMObjectKey("/vol/buck/a/b/c.txt") == key)
        let dir = try #require(OMObjectKey("/v/b/dir/"))
        #expect(dir.key == "dir/")
        #expect(OMObjectKey.bucketPrefix(volume: "v", bucket: "b") == utf8("/v/b/"))
        for bad in ["/v/b/", "/v/b", "v/b/k", "//b/k", "/v//k", ""] { #expect(OMObjectKey(bad) == nil, "\(bad)") }
        let ranges = utf8("/vol/buck/k").withUnsafeBytes { OMObjectKey.ranges(in: $0) }
        #expect(ranges == OMObjectKey.Ranges(volume: 1..<4, bucket: 5..<9, key: 10..<11))
        // Non-ASCII names are UTF-8 bytes.
        let unicode = OMObjectKey(volume: "v", bucket: "b", key: "ü")
        #expect(unicode.bytes == [0x2F, 0x76, 0x2F, 0x62, 0x2F, 0xC3, 0xBC])
        #expect(OMObjectKey(parsing: unicode.bytes) == unicode)
    }

    @Test func fsoKeyWithNegativeAndExtremeIDs() throws {
        let key = OMFSOKey(volumeObjectID: 0x8000_0000_0000_0100, bucketObjectID: 0x8000_0000_0000_0200,
                           parentObjectID: UInt64(Int64.max), name: "file.txt")
        let text = "/-9223372036854775552/-9223372036854775296/9223372036854775807/file.txt"
        #expect(key.description == text)
        #expect(key.bytes == utf8(text))
        #expect(OMFSOKey(text) == key)
        #expect(key.volumeID == -9_223_372_036_854_775_552)

        let extreme = OMFSOKey(volumeID: Int64.min, bucketID: 0, parentID: -1, name: "d")
        #expect(extreme.description == "/-9223372036854775808/0/-1/d")
        #expect(OMFSOKey(extreme.description) == extreme)

        let topLevel = OMFSOKey(volumeID: 1, bucketID: 2, parentID: 2, name: "x")
        #expect(topLevel.description == "/1/2/2/x")
        #expect(OMFSOKey.bucketPrefix(volumeID: -5, bucketID: 6) == utf8("/-5/6/"))
        #expect(OMFSOKey.childrenPrefix(volumeID: 1, bucketID: 2, parentID: -3) == utf8("/1/2/-3/"))

        let components = utf8(text).withUnsafeBytes { OMFSOKey.components(in: $0) }
        #expect(components?.parentID == Int64.max)
        #expect(components?.name == 63..<71)

        for bad in [
            "/1/2/3", "/1/2/3/", "1/2/3/x", "/1/2/3/a/b", "/9223372036854775808/2/3/x",
            "/-9223372036854775809/2/3/x", "/-/2/3/x", "/+1/2/3/x", "/1a/2/3/x", "//2/3/x", "/1/2//x",
        ] {
            #expect(OMFSOKey(bad) == nil, "\(bad)")
        }
        // Java's Long.parseLong accepts leading zeros; so do we.
        #expect(OMFSOKey("/007/2/3/x")?.volumeID == 7)
    }

    @Test func openKeys() throws {
        let open = try #require(OMOpenKey("/v/b/a/b/12345"))
        #expect(open.path == OMObjectKey(volume: "v", bucket: "b", key: "a/b"))
        #expect(open.clientID == "12345")
        #expect(open.numericClientID == 12345)
        #expect(OMOpenKey(path: open.path, clientID: Int64(-7)).description == "/v/b/a/b/-7")
        #expect(OMOpenKey("/v/b/k/") == nil)
        #expect(OMOpenKey("/v/b/k") == nil)  // "/v/b" is not a full key path
        let mpu = try #require(OMOpenKey("/v/b/k/upload-1"))
        #expect(mpu.numericClientID == nil)

        let file = try #require(OMOpenFileKey("/-1/-2/-3/f.bin/104"))
        #expect(file.path == OMFSOKey(volumeID: -1, bucketID: -2, parentID: -3, name: "f.bin"))
        #expect(file.numericClientID == 104)
        #expect(OMOpenFileKey(parsing: file.bytes) == file)
        #expect(OMOpenFileKey("/1/2/3/104") == nil)
    }

    @Test func deletedKeys() throws {
        let deleted = OMDeletedKey(path: OMObjectKey(volume: "v", bucket: "b", key: "dir/k"),
                                   objectID: -9_223_372_036_854_774_527)
        #expect(deleted.description == "/v/b/dir/k/-9223372036854774527")
        #expect(OMDeletedKey(deleted.description) == deleted)
        #expect(OMDeletedKey("/v/b/k/x") == nil)
        #expect(OMDeletedKey("/v/b/k") == nil)

        let dir = OMDeletedDirectoryKey(path: OMFSOKey(volumeID: 1, bucketID: 2, parentID: 3, name: "d"), objectID: -4)
        #expect(dir.description == "/1/2/3/d/-4")
        #expect(OMDeletedDirectoryKey(dir.description) == dir)
        #expect(OMDeletedDirectoryKey("/1/2/3/d") == nil)
    }

    @Test func multipartKeys() throws {
        let key = OMMultipartKey(path: OMObjectKey(volume: "v", bucket: "b", key: "big/file"), uploadID: "abc-123")
        #expect(key.description == "/v/b/big/file/abc-123")
        #expect(OMMultipartKey(key.description) == key)

        let part = OMMultipartPartKey(uploadID: "u1", partNumber: 47)
        #expect(part.bytes == [0x75, 0x31, 0x2F, 0x00, 0x00, 0x00, 0x2F])
        #expect(OMMultipartPartKey(parsing: part.bytes) == part)
        #expect(OMMultipartPartKey.prefix(uploadID: "u1") == utf8("u1/"))
        #expect(OMMultipartPartKey(parsing: utf8("u1/")) == nil)
        let negative = OMMultipartPartKey(uploadID: "x/y", partNumber: -1)
        #expect(negative.bytes == utf8("x/y/") + [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(OMMultipartPartKey(parsing: negative.bytes) == negative)
        #expect(OMMultipartPartKey(parsing: [0x2F, 0, 0, 0, 1]) == nil)  // empty upload id
    }

    @Test func tableCatalog() {
        #expect(OMTable.allCases.count == 25)
        #expect(OMTable(name: "fileTable") == .fileTable)
        #expect(OMTable(nameBytes: utf8("deletedTable")) == .deletedTable)
        #expect(OMTable(name: "default") == nil)
        #expect(OMTable.fileTable.valueKind == .keyInfo)
        #expect(OMTable.deletedDirectoryTable.valueKind == .keyInfo)
        #expect(OMTable.deletedTable.valueKind == .repeatedKeyInfo)
        #expect(OMTable.directoryTable.valueKind == .directoryInfo)
        #expect(OMTable.transactionInfoTable.valueKind == .utf8String)
        #expect(OMTable.directoryTable.keyEncoding == .fsoPath)
        #expect(OMTable.openFileTable.keyEncoding == .openFSOPath)
        #expect(OMTable.multipartInfoTable.keyEncoding == .multipartObjectPath)
        #expect(OMTable.lifecycleScanStateTable.keyEncoding == .bucket)
        #expect(OMTable.fileTable.isFSO && !OMTable.keyTable.isFSO)
        #expect(OMTable.bucketTable.valueKind.messageType == OMBucketInfo.self)
        #expect(OMTable.metaTable.valueKind.messageType == nil)
    }
}
