import Foundation
import ReconTaskKit
import Testing

/// The plugin SDK's JSON writer (every plugin answer goes through it).
@Suite("JSON serialization")
struct JSONSerializationTests {
    @Test("scalars, escapes and nesting come out as compact, valid JSON")
    func exactText() {
        let value: JSONValue = [
            "s": .string("a\"b\\c\nd\re\tf\u{01}g\u{1F}é😀/"),
            "i": .array([.int(0), .int(-7), .int(Int64.max), .int(Int64.min)]),
            "d": .array([.double(1.5), .double(.infinity)]),
            "b": .array([.bool(true), .bool(false), .null]),
            "o": .object([]),
            "": .string(""),
        ]
        let expected = #"{"s":"a\"b\\c\nd\re\tf\u0001g\u001fé😀/","i":[0,-7,9223372036854775807,-9223372036854775808],"#
            + #""d":[1.5,null],"b":[true,false,null],"o":{},"":""}"#
        #expect(value.serialized == expected)
        #expect(value.serializedBytes == Array(expected.utf8))
        var text = "x"
        value.serialize(into: &text)
        #expect(text == "x" + expected)
    }

    @Test("every string round-trips through a JSON parser")
    func roundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["a", "\"", "\\", "\n", "\u{00}", "\u{1b}", "é", "中", "😀", " ", "/"]
        for _ in 0..<200 {
            let s = String((0..<Int.random(in: 0..<24, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! })
            let n = Int64.random(in: Int64.min...Int64.max, using: &rng)
            let bytes = JSONValue.array([.string(s), .int(n)]).serializedBytes
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [Any])
            #expect(parsed[0] as? String == s)
            #expect((parsed[1] as? NSNumber)?.int64Value == n)
        }
    }
}
