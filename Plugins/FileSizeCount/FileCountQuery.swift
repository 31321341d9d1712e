import ReconTaskKit

/// `GET /utilization/fileCount`: the filters of one request, parsed and validated.
///
/// `volume` and `bucket` filter independently. `fileSize` is an exact bin upper bound
/// (e.g. 2048 answers the files of 1025–2048 bytes) and applies with or without
/// `volume`/`bucket`; 0 or an empty value means "no filter" (Recon's default). A value
/// that is not a non-negative integer is refused.
struct FileCountQuery {
    /// Only this volume, or every volume.
    var volume: String?
    /// Only buckets with this name, or every bucket.
    var bucket: String?
    /// Only the bin with exactly this upper bound, or every bin.
    var fileSize: Int64?

    /// Why a request was refused, as the message of a 400 answer.
    struct Refusal: Error {
        /// The explanation sent to the client.
        let message: String
    }

    /// Parses the request's query parameters.
    init(_ request: Request) throws(Refusal) {
        volume = request.query("volume").flatMap { $0.isEmpty ? nil : $0 }
        bucket = request.query("bucket").flatMap { $0.isEmpty ? nil : $0 }
        guard let text = request.query("fileSize"), !text.isEmpty else { return }
        guard let size = Int64(text), size >= 0 else {
            throw Refusal(message: "fileSize must be a non-negative integer (a bin upper bound in bytes), not '\(text)'")
        }
        fileSize = size == 0 ? nil : size
    }

    /// The rows matching the filters, ordered by volume, bucket and file size, as
    /// Recon's `[{volume, bucket, fileSize, count}]`.
    func answer(_ view: ReadView) throws -> JSONValue {
        var conditions: [String] = []
        var parameters: [SQLValue] = []
        if let volume { conditions.append("volume = ?"); parameters.append(.text(volume)) }
        if let bucket { conditions.append("bucket = ?"); parameters.append(.text(bucket)) }
        if let fileSize { conditions.append("file_size = ?"); parameters.append(.int(fileSize)) }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        var rows: [JSONValue] = []
        try view.sql(
            "SELECT volume, bucket, file_size, count FROM file_count_by_size\(filter) ORDER BY volume, bucket, file_size",
            parameters
        ) { row in
            rows.append([
                "volume": .string(row.text(0) ?? ""), "bucket": .string(row.text(1) ?? ""),
                "fileSize": .int(row.int(2) ?? 0), "count": .int(row.int(3) ?? 0),
            ])
            return true
        }
        return .array(rows)
    }
}
