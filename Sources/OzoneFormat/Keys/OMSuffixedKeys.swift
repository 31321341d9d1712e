/// openKeyTable key `/vol/bucket/key/<clientID>` (`getOpenKey`).
///
/// The suffix is normally the writing client's decimal id; multipart uploads put their
/// upload id there instead, so it is kept as text (`numericClientID` parses it).
public struct OMOpenKey: OMDBKey {
    /// The key path before the last `/`.
    public var path: OMObjectKey
    /// Text after the last `/`: a decimal client id, or an upload id for multipart entries.
    public var clientID: String

    /// A key with a textual suffix.
    public init(path: OMObjectKey, clientID: String) {
        self.path = path
        self.clientID = clientID
    }

    /// A key with a numeric client id.
    public init(path: OMObjectKey, clientID: Int64) {
        self.init(path: path, clientID: String(clientID))
    }

    /// The client id as a number, or nil when the suffix is not a decimal long.
    public var numericClientID: Int64? {
        KeyBytes.withBytes(clientID.utf8) { KeyBytes.parseDecimal($0, 0..<$0.count) }
    }

    public init?(parsing bytes: UnsafeRawBufferPointer) {
        guard let (base, suffix) = KeyBytes.splitLast(bytes), let path = OMObjectKey(parsing: base) else { return nil }
        self.init(path: path, clientID: KeyBytes.string(bytes, suffix))
    }

    public func append(to out: inout [UInt8]) {
        path.append(to: &out)
        out.append(KeyBytes.slash)
        out.append(contentsOf: clientID.utf8)
    }
}

/// openFileTable key `/volID/bucketID/parentID/name/<clientID>` (`getOpenFileName`); FSO
/// multipart uploads use the upload id as the suffix.
public struct OMOpenFileKey: OMDBKey {
    /// The FSO path before the last `/`.
    public var path: OMFSOKey
    /// Text after the last `/`: a decimal client id, or an upload id for multipart entries.
    public var clientID: String

    /// A key with a textual suffix.
    public init(path: OMFSOKey, clientID: String) {
        self.path = path
        self.clientID = clientID
    }

    /// A key with a numeric client id.
    public init(path: OMFSOKey, clientID: Int64) {
        self.init(path: path, clientID: String(clientID))
    }

    /// The client id as a number, or nil when the suffix is not a decimal long.
    public var numericClientID: Int64? {
        KeyBytes.withBytes(clientID.utf8) { KeyBytes.parseDecimal($0, 0..<$0.count) }
    }

    public init?(parsing bytes: UnsafeRawBufferPointer) {
        guard let (base, suffix) = KeyBytes.splitLast(bytes), let path = OMFSOKey(parsing: base) else { return nil }
        self.init(path: path, clientID: KeyBytes.string(bytes, suffix))
    }

    public func append(to out: inout [UInt8]) {
        path.append(to: &out)
        out.append(KeyBytes.slash)
        out.append(contentsOf: clientID.utf8)
    }
}

/// deletedTable key `/vol/bucket/key/<objectID>` (`getOzoneDeletePathKey`). Names, not ids,
/// also for FSO buckets; the object id is signed decimal.
public struct OMDeletedKey: OMDBKey {
    /// The deleted key's full path.
    public var path: OMObjectKey
    /// The deleted key's object id (signed; `Int64(bitPattern:)` of the proto's `objectID`).
    public var objectID: Int64

    /// A deleted-key entry.
    public init(path: OMObjectKey, objectID: Int64) {
        self.path = path
        self.objectID = objectID
    }

    public init?(parsing bytes: UnsafeRawBufferPointer) {
        guard let (base, suffix) = KeyBytes.splitLast(bytes),
              let objectID = KeyBytes.parseDecimal(bytes, suffix),
              let path = OMObjectKey(parsing: base) else { return nil }
        self.init(path: path, objectID: objectID)
    }

    public func append(to out: inout [UInt8]) {
        path.append(to: &out)
        out.append(KeyBytes.slash)
        KeyBytes.appendDecimal(objectID, to: &out)
    }
}

/// deletedDirectoryTable key `/volID/bucketID/parentID/dirName/<objectID>`.
public struct OMDeletedDirectoryKey: OMDBKey {
    /// The deleted directory's FSO path.
    public var path: OMFSOKey
    /// The deleted directory's object id (signed).
    public var objectID: Int64

    /// A deleted-directory entry.
    public init(path: OMFSOKey, objectID: Int64) {
        self.path = path
        self.objectID = objectID
    }

    public init?(parsing bytes: UnsafeRawBufferPointer) {
        guard let (base, suffix) = KeyBytes.splitLast(bytes),
              let objectID = KeyBytes.parseDecimal(bytes, suffix),
              let path = OMFSOKey(parsing: base) else { return nil }
        self.init(path: path, objectID: objectID)
    }

    public func append(to out: inout [UInt8]) {
        path.append(to: &out)
        out.append(KeyBytes.slash)
        KeyBytes.appendDecimal(objectID, to: &out)
    }
}

/// multipartInfoTable key `/vol/bucket/key/<uploadID>` (`OmMultipartUpload.getDbKey`);
/// names-based for FSO buckets too.
public struct OMMultipartKey: OMDBKey {
    /// The key being uploaded.
    public var path: OMObjectKey
    /// The upload id (text after the last `/`).
    public var uploadID: String

    /// A multipart-upload entry.
    public init(path: OMObjectKey, uploadID: String) {
        self.path = path
        self.uploadID = uploadID
    }

    public init?(parsing bytes: UnsafeRawBufferPointer) {
        guard let (base, suffix) = KeyBytes.splitLast(bytes), let path = OMObjectKey(parsing: base) else { return nil }
        self.init(path: path, uploadID: KeyBytes.string(bytes, suffix))
    }

    public func append(to out: inout [UInt8]) {
        path.append(to: &out)
        out.append(KeyBytes.slash)
        out.append(contentsOf: uploadID.utf8)
    }
}
