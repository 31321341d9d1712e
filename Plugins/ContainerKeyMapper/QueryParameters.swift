import ReconTaskKit

/// A request parameter the API refuses: answered with 400 and a JSON message.
struct BadRequest: Error {
    /// What is wrong, for the client.
    let message: String

    /// Writes `{"status": 400, "message": ...}`.
    func write(to response: Response) {
        response.json(["status": 400, "message": .string(message)], status: 400)
    }
}

/// Parsing of the endpoints' path and query parameters.
enum QueryParameters {
    /// The page size when `limit` is absent (Recon's `DEFAULT_FETCH_COUNT`).
    static let defaultLimit: Int64 = 1000

    /// The whole number in query parameter `name`, `defaultValue` when absent.
    /// - Throws: ``BadRequest`` when it is not a decimal whole number or is below `minimum`.
    static func integer(_ request: Request, _ name: String, default defaultValue: Int64, minimum: Int64) throws -> Int64 {
        guard let raw = request.queryParameters.value(for: name) else { return defaultValue }
        return try parse(raw.string, name: name, minimum: minimum)
    }

    /// The container id in the path.
    /// - Throws: ``BadRequest`` when it is not a non-negative whole number.
    static func containerID(_ request: Request) throws -> Int64 {
        try parse(request.pathParameter("id") ?? "", name: "container id", minimum: 0)
    }

    /// `limit`: at least 0, or -1 (= unlimited) when `allowUnlimited`; `nil` means unlimited.
    static func limit(_ request: Request, allowUnlimited: Bool) throws -> Int? {
        let limit = try integer(request, "limit", default: defaultLimit, minimum: allowUnlimited ? -1 : 0)
        return limit == -1 ? nil : Int(limit)
    }

    /// Parses `text` as a decimal `Int64` not below `minimum`.
    private static func parse(_ text: String, name: String, minimum: Int64) throws -> Int64 {
        guard let value = Int64(text) else {
            throw BadRequest(message: "\(name) must be a whole number, got '\(text)'")
        }
        guard value >= minimum else {
            throw BadRequest(message: "\(name) must be at least \(minimum), got \(value)")
        }
        return value
    }
}
