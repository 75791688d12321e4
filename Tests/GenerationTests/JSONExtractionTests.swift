import Generation
import PersonaKit
import RunFormat
import Testing

@Suite("Reply parsing")
struct JSONExtractionTests {
    let blueprint = PersonaBlueprint(profession: "Nurse", age: 30, lifeContext: "x", traits: ["calm"], chattingQuirk: "y",
                                     name: "Ana Lind", username: nil)

    @Test("extracts the object from code fences and surrounding prose")
    func fencedAndProse() {
        let reply = "Here you go:\n```json\n{\"a\": {\"b\": 1}, \"c\": \"}{\"}\n```\nHope that helps!"
        #expect(CandidateParser.extractJSONObject(from: reply) == "{\"a\": {\"b\": 1}, \"c\": \"}{\"}")
    }

    @Test("braces and escaped quotes inside strings do not end the object")
    func bracesInStrings() {
        let reply = #"prefix {"text": "she said \"{hi}\" and left", "n": 2} suffix {"other": 1}"#
        #expect(CandidateParser.extractJSONObject(from: reply) == #"{"text": "she said \"{hi}\" and left", "n": 2}"#)
    }

    @Test("skips a balanced but invalid object in favour of a later valid one")
    func skipsInvalid() {
        let reply = "Schema: {name: string} Answer: {\"name\": \"x\"}"
        #expect(CandidateParser.extractJSONObject(from: reply) == "{\"name\": \"x\"}")
    }

    @Test("no object, or an unterminated one, gives nil")
    func none() {
        #expect(CandidateParser.extractJSONObject(from: "I cannot help with that.") == nil)
        #expect(CandidateParser.extractJSONObject(from: "{\"name\": \"cut off") == nil)
    }

    @Test("a valid reply keeps the sampled name and username, whatever the model wrote")
    func overridesIdentity() throws {
        let reply = #"{"name": "Other", "username": "other", "age": 30, "traits": ["calm", "kind", "neat"], "background": "A nurse.", "chatting_style": "Short."}"#
        let persona = try CandidateParser.parse(reply, blueprint: blueprint, rules: .card).get()
        #expect(persona.name == "Ana Lind")
        #expect(persona.username == nil)
        #expect(persona.traits == ["calm", "kind", "neat"])
    }

    @Test("invalid replies are rejected with a reason, never a crash")
    func rejections() {
        func reason(_ reply: String) -> RejectReason? {
            if case let .failure(failure) = CandidateParser.parse(reply, blueprint: blueprint, rules: .card) { return failure.reason }
            return nil
        }
        #expect(reason("no json here") == .noJSON)
        #expect(reason("{name: 'single quotes'}") == .invalidJSON)
        #expect(reason(#"{"age": 30}"#) == .invalidPersona)
        let tooOld = #"{"age": 99, "traits": ["a", "b", "c"], "background": "x", "chatting_style": "y"}"#
        #expect(reason(tooOld) == .invalidPersona)
        let longBackground = #"{"age": 30, "traits": ["a", "b", "c"], "background": "\#(String(repeating: "x", count: 301))", "chatting_style": "y"}"#
        #expect(reason(longBackground) == .invalidPersona)
        #expect(reason(#"{"age": 30, "traits": ["a", "b"], "background": "x", "chatting_style": "y"}"#) == .invalidPersona)
    }
}
