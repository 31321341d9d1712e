/// multipartPartsTable key (2.2+, binary; `OmMultipartPartKey`): UTF-8 upload id, one `/`
/// byte, then the part number as a 4-byte big-endian Int32.
public struct OMMultipartPartKey: OMDBKey {
    /// The upload id; never empty.
    public var uploadID: String
    /// The part number.
    public var partNumber: Int32

    /// A part entry.
    public init(uploadID: String, partNumber: Int32) {
        self.uploadID = uploadID
        self.partNumber = partNumber
    }

    /// Parses the full form (`uploadID` `/` Int32 BE). The decision is made on the byte at
    /// `count − 5`, as Ozone does, so part 47 (`00 00 00 2F`) is not taken for a prefix.
    /// The prefix form (`uploadID/`) returns nil.
    public init?(parsing bytes: UnsafeRawBufferPointer) {
        let n = bytes.count
        guard n >= 6, bytes[n - 5] == KeyBytes.slash else { return nil }
        var part: UInt32 = 0
        for index in (n - 4)..<n { part = part << 8 | UInt32(bytes[index]) }
        uploadID = KeyBytes.string(bytes, 0..<(n - 5))
        partNumber = Int32(bitPattern: part)
    }

    public func append(to out: inout [UInt8]) {
        Self.appendPrefix(uploadID: uploadID, to: &out)
        let part = UInt32(bitPattern: partNumber)
        out.append(UInt8(truncatingIfNeeded: part >> 24))
        out.append(UInt8(truncatingIfNeeded: part >> 16))
        out.append(UInt8(truncatingIfNeeded: part >> 8))
        out.append(UInt8(truncatingIfNeeded: part))
    }

    /// The scan prefix of every part of an upload: UTF-8 upload id + `/`.
    public static func prefix(uploadID: String) -> [UInt8] {
        var out: [UInt8] = []
        appendPrefix(uploadID: uploadID, to: &out)
        return out
    }

    static func appendPrefix(uploadID: String, to out: inout [UInt8]) {
        out.append(contentsOf: uploadID.utf8)
        out.append(KeyBytes.slash)
    }

    /// `uploadID/#partNumber`: readable text, since the key bytes end in a binary number.
    public var description: String {
        "\(uploadID)/#\(partNumber)"
    }
}
