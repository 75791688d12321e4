import Foundation
import PersonaKit
import Testing

@Suite("Persona JSON mapping")
struct PersonaJSONTests {
    @Test("reads the card schema, chatting_style included")
    func readsCardSchema() throws {
        let persona = try Persona(jsonText: Samples.mara)
        #expect(persona.name == "Mara Quill")
        #expect(persona.username == "tidepool_cartographer")
        #expect(persona.age == 37)
        #expect(persona.traits == ["patient", "curious", "dry-humoured"])
        #expect(persona.chattingStyle.hasPrefix("Short replies"))
        #expect(persona.model == nil && persona.id == nil && persona.extraFields.isEmpty)
    }

    @Test("null username, non-ASCII and escapes survive")
    func nullUsernameAndEscapes() throws {
        let persona = try Persona(jsonText: Samples.odon)
        #expect(persona.username == nil)
        #expect(persona.name == "Odon Réal")
        let escaped = try Persona(jsonText: #"{"name":"A \"quoted\" \u00e9\ud83d\ude00 name","username":"x","age":30,"traits":["a","b","c"],"background":"line\nbreak\ttab","chatting_style":"s"}"#)
        #expect(escaped.name == "A \"quoted\" é😀 name")
        #expect(escaped.background == "line\nbreak\ttab")
        #expect(try Persona(jsonText: escaped.jsonLine()) == escaped)
    }

    @Test("unknown fields survive a read-write round trip")
    func roundTripKeepsUnknownFields() throws {
        let line = #"{"name":"Mara Quill","username":"tq","age":37,"traits":["a","b","c"],"background":"b","chatting_style":"c","model":"kimi","id":"p-17","source":{"batch":3,"tags":["x",null,true],"score":0.25},"lang":"en"}"#
        let persona = try Persona(jsonText: line)
        #expect(persona.model == "kimi" && persona.id == "p-17")
        #expect(persona.extraFields["lang"] == .string("en"))
        let again = try Persona(jsonText: persona.jsonLine())
        #expect(again == persona)
        #expect(try JSONValue.parse(persona.jsonLine()) == JSONValue.parse(line))
        #expect(persona.jsonValue == (try JSONValue.parse(line)))
    }

    @Test("jsonLine writes keys in card order, then extras sorted, on one line")
    func keyOrder() throws {
        let persona = Persona(name: "N", username: nil, age: 40, traits: ["a", "b", "c"], background: "B\nmore",
                              chattingStyle: "C", model: "m", id: "7", extraFields: ["zeta": .number(1), "alpha": .bool(false)])
        let line = persona.jsonLine()
        #expect(line == #"{"name":"N","username":null,"age":40,"traits":["a","b","c"],"background":"B\nmore","chatting_style":"C","model":"m","id":"7","alpha":false,"zeta":1}"#)
        #expect(!line.contains("\n"))
    }

    @Test("a numeric id is kept as its text")
    func numericID() throws {
        let persona = try Persona(jsonText: #"{"name":"N","username":null,"age":40,"traits":["a","b","c"],"background":"B","chatting_style":"C","id":1234}"#)
        #expect(persona.id == "1234")
    }

    @Test("errors name the field and the problem", arguments: [
        (#"{"username":null,"age":40,"traits":["a"],"background":"B","chatting_style":"C"}"#, "name", "missing field"),
        (#"{"name":"N","username":null,"age":"forty","traits":["a"],"background":"B","chatting_style":"C"}"#, "age", #"expected an integer, got string "forty""#),
        (#"{"name":"N","username":null,"age":42.5,"traits":["a"],"background":"B","chatting_style":"C"}"#, "age", "expected an integer, got number 42.5"),
        (#"{"name":"N","username":null,"traits":["a"],"background":"B","chatting_style":"C"}"#, "age", "missing field"),
        (#"{"name":"N","username":null,"age":40,"traits":"a, b","background":"B","chatting_style":"C"}"#, "traits", #"expected an array of strings, got string "a, b""#),
        (#"{"name":"N","username":null,"age":40,"traits":["a",7],"background":"B","chatting_style":"C"}"#, "traits[1]", "expected a string, got number 7"),
        (#"{"name":"N","username":null,"age":40,"traits":["a"],"chatting_style":"C"}"#, "background", "missing field"),
        (#"{"name":"N","username":null,"age":40,"traits":["a"],"background":"B","chattingStyle":"C"}"#, "chatting_style", "missing field"),
        (#"{"name":"N","username":5,"age":40,"traits":["a"],"background":"B","chatting_style":"C"}"#, "username", "expected a string or null, got number 5"),
        (#"{"name":["N"],"username":null,"age":40,"traits":["a"],"background":"B","chatting_style":"C"}"#, "name", "expected a string, got array of 1"),
        (#"["not","an","object"]"#, "", "expected a JSON object, got array of 3"),
        (#"{"name":"N","#, "", "invalid JSON at column 13: the text ends"),
    ])
    func fieldErrors(json: String, field: String, message: String) {
        #expect {
            try Persona(jsonText: json)
        } throws: { error in
            guard let error = error as? FieldError else { return false }
            return error.field == field && error.message.contains(message)
        }
    }
}

@Suite("JSON parsing and writing")
struct JSONValueTests {
    @Test("parses every kind of value")
    func parsesValues() throws {
        let value = try JSONValue.parse(#" {"a":[1,-2.5e3,true,false,null],"b":{"c":"d"},"e":"\u00e9\/"} "#)
        #expect(value == .object(["a": .array([.number(1), .number(-2500), .bool(true), .bool(false), .null]),
                                  "b": .object(["c": .string("d")]), "e": .string("é/")]))
        #expect(try JSONValue.parse(value.jsonText) == value)
    }

    @Test("syntax errors give a column and flag an early end", arguments: [
        (#"{"a":1,}"#, 8, false),
        (#"{"a" 1}"#, 6, false),
        (#"[1,2"#, 5, true),
        (#"{"a":"unterminated"#, 19, true),
        (#"{"a":01}"#, 7, false),
        ("{\"a\":\"tab\there\"}", 10, false),
        (#"[1] x"#, 5, false),
        (#"tru"#, 4, true),
        (#"trux"#, 1, false),
    ])
    func syntaxErrors(text: String, column: Int, atEnd: Bool) {
        #expect {
            try JSONValue.parse(text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.column == column && error.isUnexpectedEnd == atEnd
        }
    }

    @Test("deep nesting is refused instead of overflowing the stack")
    func deepNesting() {
        let text = String(repeating: "[", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { try JSONValue.parse(text) }
    }

    @Test("writes integers without a fraction and escapes control characters")
    func writing() {
        #expect(JSONValue.number(42).jsonText == "42")
        #expect(JSONValue.number(0.5).jsonText == "0.5")
        #expect(JSONValue.string("a\u{01}\"\\").jsonText == #""a\u0001\"\\""#)
    }
}

@Suite("Persona Codable")
struct PersonaCodableTests {
    @Test("JSONDecoder and JSONEncoder agree with the hand-written mapping")
    func codable() throws {
        let persona = try JSONDecoder().decode(Persona.self, from: Data(Samples.odon.utf8))
        #expect(persona == (try Persona(jsonText: Samples.odon)))
        let encoded = try JSONEncoder().encode([persona])
        #expect(try JSONDecoder().decode([Persona].self, from: encoded) == [persona])
        let bad = Data(Samples.odon.replacingOccurrences(of: #""age":64"#, with: #""age":"sixty""#).utf8)
        #expect {
            try JSONDecoder().decode(Persona.self, from: bad)
        } throws: { error in
            String(describing: error).contains(#"age: expected an integer, got string "sixty""#)
        }
    }
}

@Suite("JSONValue helpers")
struct JSONValueHelperTests {
    @Test("strings: an array's string elements, others skipped; nil for a non-array")
    func strings() {
        #expect(JSONValue.array([.string("a"), .number(1), .string("b"), .null]).strings == ["a", "b"])
        #expect(JSONValue.array([]).strings == [])
        #expect(JSONValue.string("a").strings == nil && JSONValue.object([:]).strings == nil)
    }
}
