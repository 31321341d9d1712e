/// Byte-level helpers shared by the key codecs: no Foundation, no traps.
enum KeyBytes {
    static let slash: UInt8 = 0x2F
    static let minus: UInt8 = 0x2D
    static let zero: UInt8 = 0x30

    /// Appends `value` as Java's `Long.toString` prints it.
    static func appendDecimal(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(minus) }
        var magnitude = value.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 { probe /= 10; digits += 1 }
        let start = out.count
        out.append(contentsOf: repeatElement(zero, count: digits))
        var index = start + digits - 1
        repeat {
            out[index] = zero &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            index -= 1
        } while magnitude > 0
    }

    /// Parses `bytes[range]` as a signed decimal Int64 (`Long.parseLong` without `+`);
    /// nil when empty, not all digits, or out of range.
    static func parseDecimal(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Int64? {
        var index = range.lowerBound
        guard index < range.upperBound else { return nil }
        let negative = bytes[index] == minus
        if negative {
            index += 1
            guard index < range.upperBound else { return nil }
        }
        // Accumulate as a negative number so Int64.min parses.
        var value: Int64 = 0
        while index < range.upperBound {
            let digit = bytes[index] &- zero
            guard digit < 10 else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.subtractingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        guard value != Int64.min else { return nil }
        return -value
    }

    /// Index of the first `/` in `bytes[from..<to]`, or nil.
    static func firstSlash(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        var index = from
        while index < to {
            if bytes[index] == slash { return index }
            index += 1
        }
        return nil
    }

    /// Index of the last `/` in `bytes[from..<to]`, or nil.
    static func lastSlash(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        var index = to
        while index > from {
            index -= 1
            if bytes[index] == slash { return index }
        }
        return nil
    }

    /// The UTF-8 string in `bytes[range]` (invalid sequences repaired, like Java's lenient decoder).
    static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// Calls `body` with the contiguous bytes of `sequence`, copying only when it has none.
    static func withBytes<S: Sequence<UInt8>, R>(
        _ sequence: S, _ body: (UnsafeRawBufferPointer) -> R
    ) -> R {
        if let result = sequence.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return Array(sequence).withUnsafeBytes(body)
    }

    /// Splits `base/suffix` at the last `/`; nil when there is none or the suffix is empty.
    static func splitLast(_ bytes: UnsafeRawBufferPointer) -> (base: UnsafeRawBufferPointer, suffix: Range<Int>)? {
        guard let cut = lastSlash(bytes, from: 0, to: bytes.count), cut + 1 < bytes.count else { return nil }
        return (UnsafeRawBufferPointer(rebasing: bytes[0..<cut]), (cut + 1)..<bytes.count)
    }
}
