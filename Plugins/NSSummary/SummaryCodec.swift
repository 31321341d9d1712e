import ReconTaskKit

/// The byte layout of a stored ``Summary`` (the `summary` table's values and the
/// reprocess partials): a format byte, then zigzag varints — files, bytes, replicated
/// bytes, directories, parent, markers — then the number of non-zero histogram bins and
/// a (bin, count) pair for each.
enum SummaryCodec {
    /// The layout version written first.
    static let format: UInt8 = 1

    /// Encodes `summary` into `out` (cleared first).
    static func encode(_ summary: Summary, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.append(format)
        let t = summary.totals
        Varint.appendSigned(t.files, to: &out)
        Varint.appendSigned(t.bytes, to: &out)
        Varint.appendSigned(t.replicatedBytes, to: &out)
        Varint.appendSigned(t.directories, to: &out)
        Varint.append(summary.parent, to: &out)
        Varint.appendSigned(summary.markers, to: &out)
        let nonZero = t.histogram.reduce(0) { $1 != 0 ? $0 + 1 : $0 }
        Varint.append(UInt64(nonZero), to: &out)
        for (bin, count) in t.histogram.enumerated() where count != 0 {
            out.append(UInt8(bin))
            Varint.appendSigned(count, to: &out)
        }
    }

    /// Decodes a stored summary; `nil` when the bytes are not in this layout.
    static func decode(_ bytes: UnsafeRawBufferPointer) -> Summary? {
        var reader = Varint.Reader(bytes)
        guard reader.byte() == format,
              let files = reader.signed(), let size = reader.signed(), let replicated = reader.signed(),
              let directories = reader.signed(), let parent = reader.unsigned(), let markers = reader.signed(),
              let binCount = reader.unsigned(), binCount <= UInt64(FileSizeBins.count)
        else { return nil }
        var totals = Totals(files: files, bytes: size, replicatedBytes: replicated, directories: directories)
        if binCount > 0 {
            totals.histogram = [Int64](repeating: 0, count: FileSizeBins.count)
            for _ in 0..<binCount {
                guard let bin = reader.byte(), Int(bin) < FileSizeBins.count, let count = reader.signed() else { return nil }
                totals.histogram[Int(bin)] = count
            }
        }
        guard reader.isAtEnd else { return nil }
        return Summary(totals: totals, parent: parent, markers: markers)
    }
}

/// LEB128 varints with zigzag for signed values.
enum Varint {
    /// Appends `value` as an unsigned LEB128 varint.
    static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Appends `value` zigzag-encoded.
    static func appendSigned(_ value: Int64, to out: inout [UInt8]) {
        append(UInt64(bitPattern: (value << 1) ^ (value >> 63)), to: &out)
    }

    /// Reads varints from borrowed bytes.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var offset = 0

        init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        /// Whether every byte was read.
        var isAtEnd: Bool { offset == bytes.count }

        /// One raw byte, or `nil` at the end.
        mutating func byte() -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        /// An unsigned varint, or `nil` when truncated or longer than 10 bytes.
        mutating func unsigned() -> UInt64? {
            var result: UInt64 = 0
            var shift: UInt64 = 0
            while shift < 64 {
                guard let b = byte() else { return nil }
                result |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return result }
                shift += 7
            }
            return nil
        }

        /// A zigzag varint.
        mutating func signed() -> Int64? {
            guard let u = unsigned() else { return nil }
            return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
        }
    }
}
