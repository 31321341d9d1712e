/// Builds tar archives for tests, including malformed ones.
struct TestTarWriter {
    private(set) var bytes: [UInt8] = []

    enum EntryType: UInt8 {
        case regular = 0x30, hardLink = 0x31, symbolicLink = 0x32, characterDevice = 0x33
        case blockDevice = 0x34, directory = 0x35, fifo = 0x36, pax = 0x78, gnuLongName = 0x4C
    }

    /// Appends one header (and its data, padded), optionally broken.
    mutating func add(
        _ name: String, data: [UInt8] = [], type: EntryType = .regular, linkName: String = "",
        declaredSize: UInt64? = nil, corruptChecksum: Bool = false, gnuMagic: Bool = false
    ) {
        var header = [UInt8](repeating: 0, count: 512)
        put(&header, 0, 100, Array(name.utf8))
        put(&header, 100, 8, octal(0o644, width: 7))
        put(&header, 108, 8, octal(0, width: 7))
        put(&header, 116, 8, octal(0, width: 7))
        let size = declaredSize ?? UInt64(data.count)
        if size < 0o77777777777 {
            put(&header, 124, 12, octal(size, width: 11))
        } else {
            header[124] = 0x80
            var v = size
            for i in stride(from: 135, through: 125, by: -1) {
                header[i] = UInt8(v & 0xFF)
                v >>= 8
            }
        }
        put(&header, 136, 12, octal(1_700_000_000, width: 11))
        header[156] = type.rawValue
        put(&header, 157, 100, Array(linkName.utf8))
        if gnuMagic {
            put(&header, 257, 8, Array("ustar  \0".utf8))
        } else {
            put(&header, 257, 6, Array("ustar\0".utf8))
            put(&header, 263, 2, Array("00".utf8))
        }
        for i in 148..<156 { header[i] = 0x20 }
        let sum = header.reduce(0) { $0 + UInt64($1) }
        put(&header, 148, 8, octal(sum, width: 6) + [0, 0x20])
        if corruptChecksum { header[0] ^= 0x01 }
        bytes += header
        bytes += data
        bytes += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// Appends a pax extended header with the given records.
    mutating func addPax(_ records: [(String, String)]) {
        var data: [UInt8] = []
        for (key, value) in records {
            let body = " \(key)=\(value)\n"
            var length = body.utf8.count + 1
            while String(length).count + body.utf8.count != length { length += 1 }
            data += Array("\(length)\(body)".utf8)
        }
        add("PaxHeaders/x", data: data, type: .pax)
    }

    /// Appends a GNU long-name header for the next entry.
    mutating func addGNULongName(_ name: String) {
        add("././@LongLink", data: Array(name.utf8) + [0], type: .gnuLongName, gnuMagic: true)
    }

    /// Appends raw bytes.
    mutating func append(_ raw: [UInt8]) { bytes += raw }

    /// Appends the two end-of-archive blocks and pads to a 10240-byte record.
    mutating func finish() {
        bytes += [UInt8](repeating: 0, count: 1024)
        bytes += [UInt8](repeating: 0, count: (10240 - bytes.count % 10240) % 10240)
    }

    private func put(_ header: inout [UInt8], _ offset: Int, _ length: Int, _ value: [UInt8]) {
        for (i, b) in value.prefix(length).enumerated() { header[offset + i] = b }
    }

    private func octal(_ value: UInt64, width: Int) -> [UInt8] {
        let digits = String(value, radix: 8)
        return Array((String(repeating: "0", count: max(0, width - digits.count)) + digits).utf8) + [0]
    }
}
