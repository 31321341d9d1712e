import OzoneFormat
import ReconRocksDB

extension WorkloadState {
    /// Most entries examined by one pick before it gives up.
    static let pickSteps = 48

    /// The exclusive upper bound of the keys starting with `prefix` (the prefix with its last
    /// byte incremented; OM prefixes end with `/`, which never overflows).
    static func upperBound(_ prefix: [UInt8]) -> [UInt8] {
        var out = prefix
        out[out.count - 1] &+= 1
        return out
    }

    /// A random entry of `table` in `[lower, upper)`: the first one at or after `seek` that
    /// `accept` takes, wrapping around once; nil when none is found within a few steps.
    func pick(
        _ table: OMTable, lower: [UInt8], upper: [UInt8], seek: [UInt8],
        accept: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool = { _, _ in true }
    ) throws -> (key: [UInt8], value: [UInt8])? {
        let it = try database.db.makeIterator(try database.cf(table), lowerBound: lower, upperBound: upper, fillCache: true)
        it.seek(to: seek)
        var steps = 0
        while it.isValid, steps < Self.pickSteps {
            if accept(it.key, it.value) { return (Array(it.key), Array(it.value)) }
            it.next()
            steps += 1
        }
        try it.checkError()
        it.seekToFirst()
        steps = 0
        while it.isValid, steps < Self.pickSteps {
            if accept(it.key, it.value) { return (Array(it.key), Array(it.value)) }
            it.next()
            steps += 1
        }
        try it.checkError()
        return nil
    }

    /// A spot among generated names to seek to: one to three `word-<digits>` levels
    /// (names are paths of `word-<ordinal>` directories and `stem-<ordinal>.ext` files).
    mutating func randomNameSpot() -> [UInt8] {
        var out: [UInt8] = []
        for level in 0...random.below(3) {
            if level > 0 { out.append(KeyWriter.slash) }
            let words = NameVocabulary.directoryWords.count
            let r = random.below(words + NameVocabulary.fileStems.count)
            out.append(contentsOf: r < words ? NameVocabulary.directoryWords[r] : NameVocabulary.fileStems[r - words])
            appendRandomOrdinal(to: &out)
        }
        return out
    }

    /// Appends `-` and 1 to 5 random decimal digits, so that a fresh seek lands among a
    /// word's ordinals rather than always on its lowest one (``SeekSpots`` keeps the spots
    /// that proved useful).
    mutating func appendRandomOrdinal(to out: inout [UInt8]) {
        out.append(UInt8(ascii: "-"))
        appendRandomDigits(to: &out)
    }

    /// Appends 1 to 5 random decimal digits.
    mutating func appendRandomDigits(to out: inout [UInt8]) {
        for _ in 0...random.below(5) { out.append(UInt8(ascii: "0") + UInt8(random.below(10))) }
    }

    /// A bucket drawn in proportion to its size (busy buckets change more), optionally only
    /// among those `matching`.
    mutating func randomBucket(_ matching: (WorkBucket) -> Bool = { _ in true }) -> Int? {
        var total = 0.0
        for bucket in buckets where matching(bucket) { total += Double(bucket.info.usedNamespace) + 20 }
        guard total > 0 else { return nil }
        var target = random.unit() * total
        for (i, bucket) in buckets.enumerated() where matching(bucket) {
            target -= Double(bucket.info.usedNamespace) + 20
            if target < 0 { return i }
        }
        return buckets.lastIndex(where: matching)
    }

    /// A live FSO directory of bucket `b` (or the bucket itself) whose ancestors are all live.
    mutating func randomDirectory(bucket b: Int, rootChance: Double = 0.15) -> UInt64 {
        let root = buckets[b].objectID
        guard let index = directories[b], !random.chance(rootChance) else { return root }
        for _ in 0..<4 {
            if let id = index.randomLive(&random), index.isReachable(id) { return id }
        }
        return root
    }

    /// A committed key or file of bucket `b` (not a LEGACY directory marker).
    mutating func pickCommittedKey(bucket b: Int) throws -> (key: [UInt8], value: [UInt8])? {
        let bucket = buckets[b]
        if bucket.isFSO {
            let parent = randomDirectory(bucket: b, rootChance: 0.1)
            var seek = bucket.childrenPrefix(parent)
            seek.append(contentsOf: NameVocabulary.fileStems[random.below(NameVocabulary.fileStems.count)])
            appendRandomOrdinal(to: &seek)
            return try pick(.fileTable, lower: bucket.fsoPrefix, upper: Self.upperBound(bucket.fsoPrefix), seek: seek)
        }
        return try pickByName(.keyTable, bucket: b) { key, _ in key.last != KeyWriter.slash }
    }

    /// Any keyTable entry of a names-based bucket, directory markers included (for their
    /// parent paths).
    mutating func pickNamesEntry(bucket b: Int) throws -> [UInt8]? {
        try pickByName(.keyTable, bucket: b)?.key
    }

    /// A random row of a table keyed by names (`/vol/bucket/...`) in bucket `b` that
    /// `accept` takes, seeking to one of the table's ``SeekSpots`` or to a random name spot.
    mutating func pickByName(
        _ table: OMTable, bucket b: Int,
        accept: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool = { _, _ in true }
    ) throws -> (key: [UInt8], value: [UInt8])? {
        let prefix = buckets[b].namePrefix
        return try pickNear(table, bucket: b, lower: prefix, upper: Self.upperBound(prefix), accept: accept) { state in
            var seek = prefix
            seek.append(contentsOf: state.randomNameSpot())
            return seek
        }
    }

    /// ``pick(_:lower:upper:seek:accept:)`` from a stored seek spot of `table` and bucket
    /// `b`, or from `freshSpot()`; the key found becomes a spot.
    private mutating func pickNear(
        _ table: OMTable, bucket b: Int, lower: [UInt8], upper: [UInt8],
        accept: (UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool = { _, _ in true },
        freshSpot: (inout WorkloadState) -> [UInt8]
    ) throws -> (key: [UInt8], value: [UInt8])? {
        let drawn = seekSpots.draw(table, bucket: b, random: &random)
        let seek = drawn?.key ?? freshSpot(&self)
        let found = try pick(table, lower: lower, upper: upper, seek: seek, accept: accept)
        if let found { seekSpots.record(table, bucket: b, key: found.key, at: drawn?.index, random: &random) }
        return found
    }

    /// A random row of a whole table, starting from a random bucket.
    mutating func pickAnywhere(_ table: OMTable, fso: Bool) throws -> (key: [UInt8], value: [UInt8])? {
        guard let b = randomBucket({ $0.isFSO == fso || !fso }) else { return nil }
        return try pickNear(table, bucket: b, lower: [KeyWriter.slash], upper: [KeyWriter.slash + 1]) { state in
            var seek = fso ? state.buckets[b].fsoPrefix : state.buckets[b].namePrefix
            if fso { state.appendRandomDigits(to: &seek) } else { seek.append(contentsOf: state.randomNameSpot()) }
            return seek
        }
    }

    /// The directory part of a names-based key name (`a/b/` of `a/b/c`, `a/b/` of `a/b/`),
    /// empty at the bucket's top.
    static func parentPath(ofName name: ArraySlice<UInt8>) -> [UInt8] {
        var body = name
        if body.last == KeyWriter.slash { body = body.dropLast() }
        guard let cut = body.lastIndex(of: KeyWriter.slash) else { return [] }
        return Array(body[...cut])
    }

    /// `leaf` with everything before its last `.` replaced by `stem-<tag><tx>`.
    static func renamedLeaf(_ leaf: [UInt8], stem: [UInt8], tag: UInt8, transaction tx: UInt64) -> [UInt8] {
        var out = stem
        out.append(UInt8(ascii: "-"))
        out.append(tag)
        KeyWriter.appendUnsigned(tx, to: &out)
        if let dot = leaf.lastIndex(of: UInt8(ascii: ".")) { out.append(contentsOf: leaf[dot...]) }
        return out
    }
}

extension WorkloadState {
    /// The parts of an FSO key held in an array (name range indexes the array).
    static func fsoComponents(_ key: [UInt8]) -> OMFSOKey.Components? {
        key.withUnsafeBytes { OMFSOKey.components(in: $0) }
    }
}
