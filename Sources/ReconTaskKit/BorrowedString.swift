import CReconTask

/// A borrowed UTF-8 string (a `recon_str`): no copy until you ask for ``string``.
/// Valid only during the call that handed it out.
///
/// Compare it with a `String` without copying: `event.table == "keyTable"`, or
/// `switch event.table { case "keyTable": ... }`.
public struct BorrowedString: CustomStringConvertible, Equatable {
    /// The string's UTF-8 bytes, not NUL-terminated.
    public let utf8: UnsafeRawBufferPointer

    /// Wraps a borrowed `recon_str`.
    public init(_ str: recon_str) {
        utf8 = UnsafeRawBufferPointer(start: str.ptr, count: str.ptr == nil ? 0 : str.len)
    }

    /// Copies the string.
    public var string: String { String(decoding: utf8, as: UTF8.self) }
    /// Copies the string.
    public var description: String { string }
    /// Whether the string is empty.
    public var isEmpty: Bool { utf8.isEmpty }

    /// Whether the string starts with `prefix`, compared bytewise.
    public func hasPrefix(_ prefix: String) -> Bool {
        var prefix = prefix
        return prefix.withUTF8 { p in
            p.count <= utf8.count && p.elementsEqual(utf8.prefix(p.count))
        }
    }

    /// Bytewise equality.
    public static func == (lhs: BorrowedString, rhs: BorrowedString) -> Bool {
        lhs.utf8.elementsEqual(rhs.utf8)
    }

    /// Bytewise equality with a `String`, without copying.
    public static func == (lhs: BorrowedString, rhs: String) -> Bool {
        var rhs = rhs
        return rhs.withUTF8 { lhs.utf8.elementsEqual($0) }
    }

    /// Bytewise equality with a `String`, without copying.
    public static func == (lhs: String, rhs: BorrowedString) -> Bool { rhs == lhs }

    /// Lets a `switch` over a borrowed string use string literal cases.
    public static func ~= (pattern: String, value: BorrowedString) -> Bool { value == pattern }
}

extension String {
    /// Copies a borrowed string.
    public init(_ borrowed: BorrowedString) { self = borrowed.string }
}

/// A name/value pair of borrowed strings (metadata, tags, query and path parameters).
public struct StringPair {
    /// The name.
    public let name: BorrowedString
    /// The value.
    public let value: BorrowedString
}

extension BorrowedList where Element == StringPair {
    /// The value of the first pair called `name`, or `nil`.
    public func value(for name: String) -> BorrowedString? {
        first { $0.name == name }?.value
    }

    /// The values of every pair called `name`, in order.
    public func values(for name: String) -> [BorrowedString] {
        filter { $0.name == name }.map(\.value)
    }
}

extension BorrowedList where Element == StringPair {
    init(_ pairs: UnsafePointer<recon_str_pair>?, _ count: Int) {
        self.init(pairs, count) { raw in
            let p = raw.assumingMemoryBound(to: recon_str_pair.self)
            return StringPair(name: BorrowedString(p.pointee.name), value: BorrowedString(p.pointee.value))
        }
    }
}
