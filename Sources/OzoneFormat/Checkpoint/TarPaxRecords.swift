/// Parses the records of a pax extended header (`x` or `g` entry data):
/// `"<length> <key>=<value>\n"`, where `length` counts the whole record.
enum TarPaxRecords {
    /// The values of the keys this reader uses; everything else is checked for form only.
    struct Values {
        var path: [UInt8]?
        var linkPath: [UInt8]?
        var size: UInt64?
    }

    /// Parses `data` (the header read at archive `offset`).
    static func parse(_ data: [UInt8], offset: UInt64) throws(TarError) -> Values {
        var values = Values()
        var i = 0
        while i < data.count {
            let start = i
            var length = 0
            while i < data.count, data[i] >= UInt8(ascii: "0"), data[i] <= UInt8(ascii: "9") {
                length = length * 10 + Int(data[i] - UInt8(ascii: "0"))
                guard length <= data.count else { throw .badPaxHeader(offset: offset, reason: "record length past the header end") }
                i += 1
            }
            guard i > start, i < data.count, data[i] == UInt8(ascii: " ") else {
                throw .badPaxHeader(offset: offset, reason: "record without a decimal length")
            }
            let end = start + length
            guard end <= data.count, end > i + 1, data[end - 1] == UInt8(ascii: "\n") else {
                throw .badPaxHeader(offset: offset, reason: "record length does not end at a newline")
            }
            let body = data[(i + 1)..<(end - 1)]
            guard let equals = body.firstIndex(of: UInt8(ascii: "=")), equals > body.startIndex else {
                throw .badPaxHeader(offset: offset, reason: "record without 'key='")
            }
            let key = String(decoding: body[body.startIndex..<equals], as: UTF8.self)
            let value = Array(body[(equals + 1)...])
            switch key {
            case "path": values.path = value
            case "linkpath": values.linkPath = value
            case "size":
                guard let size = decimal(value) else { throw .badPaxHeader(offset: offset, reason: "invalid size '\(String(decoding: value, as: UTF8.self))'") }
                values.size = size
            default: break
            }
            i = end
        }
        return values
    }

    private static func decimal(_ bytes: [UInt8]) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 20 else { return nil }
        var value: UInt64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !o1, !o2 else { return nil }
            value = a
        }
        return value
    }
}
