import OzoneFormat
import Testing

/// Reads `tar` fed in chunks of `chunk` bytes; returns files and their data.
private func read(_ tar: [UInt8], chunk: Int = 4096, limits: TarLimits = TarLimits(maxTotalBytes: 1 << 30)) throws -> [(String, [UInt8])] {
    var reader = TarReader(limits: limits)
    var files: [(String, [UInt8])] = []
    var i = 0
    while i < tar.count {
        let end = min(tar.count, i + chunk)
        try tar[i..<end].withUnsafeBytes { raw in
            try reader.consume(raw) { event in
                switch event {
                case .entryStart(let entry): files.append((entry.name, []))
                case .entryData(let bytes): files[files.count - 1].1 += Array(bytes)
                case .entryEnd: break
                }
            }
        }
        i = end
    }
    try reader.finish()
    return files
}

/// The error reading `tar` throws, or nil.
private func refusal(_ tar: [UInt8], limits: TarLimits = TarLimits(maxTotalBytes: 1 << 30)) -> TarError? {
    do {
        _ = try read(tar, chunk: 333, limits: limits)
        return nil
    } catch {
        return error as? TarError
    }
}

private func archive(_ build: (inout TestTarWriter) -> Void, finish: Bool = true) -> [UInt8] {
    var w = TestTarWriter()
    build(&w)
    if finish { w.finish() }
    return w.bytes
}

@Suite("TarReader")
struct TarReaderTests {
    let sample = archive { w in
        w.add("./", type: .directory)
        w.add("CURRENT", data: Array("MANIFEST-000005\n".utf8))
        w.add("000010.sst", data: (0..<5000).map { UInt8($0 % 251) })
        w.add("empty")
        w.add("exact", data: [UInt8](repeating: 7, count: 1024))
    }

    @Test("reads files at every chunk size", arguments: [1, 7, 511, 512, 513, 4096, 1 << 20])
    func chunking(chunk: Int) throws {
        let files = try read(sample, chunk: chunk)
        #expect(files.map(\.0) == ["CURRENT", "000010.sst", "empty", "exact"])
        #expect(files[0].1 == Array("MANIFEST-000005\n".utf8))
        #expect(files[1].1 == (0..<5000).map { UInt8($0 % 251) })
        #expect(files[2].1.isEmpty)
        #expect(files[3].1.count == 1024)
    }

    @Test func paxPathAndSizeAndGNULongName() throws {
        let long = String(repeating: "n", count: 180)
        let tar = archive { w in
            w.addPax([("path", long), ("mtime", "1700000000.5")])
            w.add("short-name-ignored", data: [1, 2, 3])
            w.addGNULongName(long + "2")
            w.add("ignored-too", data: [4])
            w.addPax([("size", "2")])
            w.add("sized", data: [9, 9], declaredSize: 77)
        }
        let files = try read(tar, chunk: 100)
        #expect(files.map(\.0) == [long, long + "2", "sized"])
        #expect(files.map(\.1) == [[1, 2, 3], [4], [9, 9]])
    }

    @Test func refusesUnsafeNames() {
        #expect(refusal(archive { $0.add("../x", data: [1]) }) == .parentDirectory("../x"))
        #expect(refusal(archive { $0.add("/etc/passwd", data: [1]) }) == .absolutePath("/etc/passwd"))
        #expect(refusal(archive { $0.add("a/b", data: [1]) }) == .nestedPath("a/b"))
        #expect(refusal(archive { $0.add("./CURRENT", data: [1]) }) == .nestedPath("./CURRENT"))
        #expect(refusal(archive { $0.add("..", data: [1]) }) == .parentDirectory(".."))
        #expect(refusal(archive { $0.add(".", data: [1]) }) == .invalidName(".", reason: "'.' is not a file name"))
        #expect(refusal(archive { w in w.addPax([("path", "../evil")]); w.add("fine", data: [1]) }) == .parentDirectory("../evil"))
        #expect(refusal(archive { w in w.addGNULongName("x/" + String(repeating: "y", count: 120)); w.add("fine") })
            == .nestedPath("x/" + String(repeating: "y", count: 120)))
    }

    @Test func refusesLinksDevicesAndDirectories() {
        #expect(refusal(archive { $0.add("link", type: .symbolicLink, linkName: "/etc/passwd") })
            == .symbolicLink(name: "link", target: "/etc/passwd"))
        #expect(refusal(archive { $0.add("hard", type: .hardLink, linkName: "CURRENT") }) == .hardLink(name: "hard", target: "CURRENT"))
        #expect(refusal(archive { $0.add("dev", type: .characterDevice) }) == .specialFile(name: "dev", type: "3"))
        #expect(refusal(archive { $0.add("blk", type: .blockDevice) }) == .specialFile(name: "blk", type: "4"))
        #expect(refusal(archive { $0.add("fifo", type: .fifo) }) == .specialFile(name: "fifo", type: "6"))
        #expect(refusal(archive { $0.add("sub/", type: .directory) }) == .directory("sub/"))
    }

    @Test func refusesDuplicatesAndBadChecksums() {
        #expect(refusal(archive { w in w.add("a", data: [1]); w.add("a", data: [2]) }) == .duplicateName("a"))
        guard case .badChecksum(offset: 1024, _, _) = refusal(archive { w in w.add("a", data: [1]); w.add("b", corruptChecksum: true) }) else {
            Issue.record("expected a bad checksum at offset 1024")
            return
        }
    }

    @Test func enforcesLimits() {
        let limits = TarLimits(maxTotalBytes: 1 << 20, maxEntryBytes: 1000, maxEntries: 3)
        #expect(refusal(archive { $0.add("big", data: [UInt8](repeating: 0, count: 1001)) }, limits: limits)
            == .entryTooLarge(name: "big", size: 1001, limit: 1000))
        #expect(refusal(archive({ $0.add("huge", declaredSize: 10 << 30) }, finish: false))
            == .entryTooLarge(name: "huge", size: 10 << 30, limit: 1 << 30))
        #expect(refusal(archive { w in for i in 0..<4 { w.add("f\(i)") } }, limits: limits) == .tooManyEntries(limit: 3))
        // Declared sizes count against the total at each header ...
        #expect(refusal(archive { w in w.add("a", data: [UInt8](repeating: 1, count: 3000)); w.add("b", data: [UInt8](repeating: 2, count: 3000)) },
                        limits: TarLimits(maxTotalBytes: 5000, maxEntryBytes: 5000)) == .archiveTooLarge(limit: 5000))
        // ... and so do raw bytes: many empty entries stop at the limit.
        #expect(refusal(archive { w in for i in 0..<20 { w.add("f\(i)") } }, limits: TarLimits(maxTotalBytes: 4096)) == .archiveTooLarge(limit: 4096))
        #expect(refusal(archive { w in w.add("a", data: [1]); w.addPax([("comment", String(repeating: "c", count: 3000))]); w.add("b") },
                        limits: TarLimits(maxTotalBytes: 1 << 20, maxMetadataBytes: 2048))
            == .metadataTooLarge(offset: 1024, size: 3014, limit: 2048))
    }

    @Test func refusesTruncatedArchives() {
        guard case .truncated(let inEntry) = refusal(Array(sample.prefix(4000))) else {
            Issue.record("expected truncation inside an entry")
            return
        }
        #expect(inEntry.contains("000010.sst"))
        guard case .truncated(let inHeader) = refusal(Array(sample.prefix(1536 + 100))) else {
            Issue.record("expected truncation inside a header")
            return
        }
        #expect(inHeader.contains("header"))
        let unterminated = archive({ $0.add("a", data: [1]) }, finish: false)
        #expect(refusal(unterminated) == .missingEndOfArchive)
        #expect(refusal(unterminated + [UInt8](repeating: 0, count: 512)) == .missingEndOfArchive)
        #expect(refusal(unterminated + [UInt8](repeating: 0, count: 512) + archive { $0.add("b") }) == .unexpectedZeroBlock(offset: 1536))
        #expect(refusal(sample + [1]) == .dataAfterEnd(offset: UInt64(sample.count)))
    }
}

@Suite("TarReader with OzoneFormat's TarWriter")
struct TarInteropTests {
    @Test func readsWhatTheWriterWrites() async throws {
        var tar = TarWriter(sink: TarMemorySink())
        try await tar.addFile(name: "CURRENT", contents: Array("MANIFEST-000005\n".utf8))
        let big = (0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try await tar.beginEntry(name: "000007.sst", size: UInt64(big.count))
        try await tar.write(Array(big[..<30_000]))
        try await tar.write(Array(big[30_000...]))
        try await tar.endEntry()
        try await tar.addFile(name: "OZONE_RATIS_SNAPSHOT_COMPLETE", contents: [])
        try await tar.finish()
        let files = try read(tar.sink.bytes, chunk: 1000)
        #expect(files.map(\.0) == ["CURRENT", "000007.sst", "OZONE_RATIS_SNAPSHOT_COMPLETE"])
        #expect(files[1].1 == big)
    }
}
