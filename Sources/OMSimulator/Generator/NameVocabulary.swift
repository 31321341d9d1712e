/// Words and extensions that generated names are built from, as byte arrays so names are
/// appended without `String` work.
enum NameVocabulary {
    static let directoryWords: [[UInt8]] = [
        "data", "logs", "warehouse", "tmp", "staging", "raw", "curated", "events", "images",
        "backup", "reports", "models", "checkpoints", "users", "projects", "archive", "exports",
        "metrics", "tables", "partitions", "ingest", "shared", "scratch", "releases",
    ].map { Array($0.utf8) }

    static let fileStems: [[UInt8]] = [
        "part", "file", "events", "img", "report", "dump", "chunk", "segment", "snapshot",
        "record", "batch", "export", "log", "doc", "frame", "blob",
    ].map { Array($0.utf8) }

    static let smallExtensions: [[UInt8]] = ["json", "txt", "csv", "log", "xml", "yaml", "jpg"].map { Array($0.utf8) }
    static let mediumExtensions: [[UInt8]] = ["parquet", "orc", "png", "gz", "avro", "pdf"].map { Array($0.utf8) }
    static let largeExtensions: [[UInt8]] = ["tar", "bin", "mp4", "zip", "iso", "h5"].map { Array($0.utf8) }

    static let users: [[UInt8]] = ["hadoop", "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
        .map { Array($0.utf8) }

    /// An extension fitting a file of `size` bytes.
    @inline(__always)
    static func fileExtension(size: UInt64, random: inout SimulatorRandom) -> [UInt8] {
        if size < 256 * 1024 { return smallExtensions[random.below(smallExtensions.count)] }
        if size < 256 * 1024 * 1024 { return mediumExtensions[random.below(mediumExtensions.count)] }
        return largeExtensions[random.below(largeExtensions.count)]
    }

    /// Appends `word-ordinal` (a directory name; never contains `.`).
    @inline(__always)
    static func appendDirectoryName(word: Int, ordinal: UInt64, to out: inout [UInt8]) {
        out.append(contentsOf: directoryWords[word % directoryWords.count])
        out.append(UInt8(ascii: "-"))
        KeyWriter.appendUnsigned(ordinal, to: &out)
    }

    /// Appends `stem-ordinal.ext` (a file name; always contains `.`).
    @inline(__always)
    static func appendFileName(stem: Int, ordinal: UInt64, fileExtension: [UInt8], to out: inout [UInt8]) {
        out.append(contentsOf: fileStems[stem % fileStems.count])
        out.append(UInt8(ascii: "-"))
        KeyWriter.appendPadded(ordinal, width: 5, to: &out)
        out.append(UInt8(ascii: "."))
        out.append(contentsOf: fileExtension)
    }
}
