import ReconTaskKit

/// The paging parameters of `/volumes` and `/buckets`: `limit` (default 1000, at
/// least 1) and `prevKey` (answers start strictly after this name; a name holds no
/// `/`).
struct ListingParameters {
    /// Recon's default page size.
    static let defaultLimit = 1000

    /// The most entries to answer.
    var limit: Int
    /// Answer only names after this one; `nil` starts at the first.
    var prevKey: String?

    /// Why a request was refused, as the message of a 400 answer.
    struct Refusal: Error {
        /// The explanation sent to the client.
        let message: String
    }

    /// Parses and validates the request's `limit` and `prevKey`.
    init(_ request: Request) throws(Refusal) {
        limit = Self.defaultLimit
        if let text = request.query("limit"), !text.isEmpty {
            guard let n = Int(text), n >= 1 else {
                throw Refusal(message: "limit must be a positive integer, not '\(text)'")
            }
            limit = n
        }
        prevKey = request.query("prevKey").flatMap { $0.isEmpty ? nil : $0 }
        if let prevKey, prevKey.contains("/") {
            throw Refusal(message: "prevKey must be a volume or bucket name (no '/'), not '\(prevKey)'")
        }
    }
}
