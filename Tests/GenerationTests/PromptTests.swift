import Foundation
import Generation
import LinearAlgebra
import PersonaKit
import RunFormat
import Testing

@Suite("Prompts and references")
struct PromptTests {
    let blueprint = PersonaBlueprint(profession: "Harbour Pilot", age: 47, lifeContext: "caring for a parent with dementia",
                                     traits: ["stoic", "wry", "meticulous"], chattingQuirk: "writes like a ship's log",
                                     name: "Ana Lind", username: "north_wind")

    @Test("the default prompt carries every building block, the identity, the limits and the references")
    func contents() {
        let references = Array(TestInputs.personas().prefix(3))
        let (system, user) = PromptTemplate.default.render(blueprint, references: references, rules: .card)
        #expect(system.contains("JSON"))
        for fragment in ["Harbour Pilot", "47", "caring for a parent with dementia", "stoic, wry, meticulous",
                         "writes like a ship's log", "Name: Ana Lind", "north_wind", "42 words", "17 words", "3 to 5"] {
            #expect(user.contains(fragment), "missing \(fragment)")
        }
        for reference in references {
            #expect(user.contains(reference.background))
        }
        #expect(!user.contains("{"+"profession}"), "no placeholder left unfilled")
    }

    @Test("references show traits, background and chatting style only: no name, username, age, model or id")
    func referencesHideBookkeeping() {
        var reference = TestInputs.personas()[0]
        reference.model = "secret-model"
        reference.id = "abc-1"
        let (_, user) = PromptTemplate.default.render(blueprint, references: [reference], rules: .card)
        for hidden in ["secret-model", "abc-1", reference.name, reference.username ?? "?", "\"age\":\(reference.age)"] {
            #expect(!user.contains(hidden), "\(hidden) shown")
        }
        #expect(user.contains(reference.background) && user.contains(reference.chattingStyle) && user.contains(reference.traits[0]))
    }

    @Test("the default prompt puts what every attempt shares first, so a server's KV cache keeps it")
    func fixedTextFirst() {
        let other = PersonaBlueprint(profession: "Welder", age: 22, lifeContext: "moving to a new city", traits: ["calm"], chattingQuirk: "lowercase",
                                     name: "Bo Sato", username: nil)
        let first = PromptTemplate.default.render(blueprint, references: Array(TestInputs.personas().prefix(3)), rules: .card).user
        let second = PromptTemplate.default.render(other, references: Array(TestInputs.personas().suffix(3)), rules: .card).user
        let shared = zip(first, second).prefix { $0 == $1 }.count
        #expect(shared > first.count / 3, "only \(shared) of \(first.count) characters shared")
        #expect(first.prefix(shared).contains("\"chatting_style\""), "the key list is in the shared prefix")
    }

    @Test("a template file overrides the user message and keeps the default system message")
    func customTemplate() throws {
        let url = TestInputs.temporaryDirectory().appendingPathExtension("json")
        try Data(#"{"user": "Make a {profession} aged {age} called {name}; refs:\n{references}"}"#.utf8).write(to: url)
        let template = try PromptTemplate(contentsOf: url)
        let (system, user) = template.render(blueprint, references: [], rules: .card)
        #expect(system == PromptTemplate.default.system)
        #expect(user.hasPrefix("Make a Harbour Pilot aged 47 called Ana Lind; refs:"))
    }

    @Test("an unknown placeholder is an error naming it")
    func unknownPlaceholder() {
        #expect(throws: GenerationError.self) { try PromptTemplate(system: "x", user: "{profesion}") }
        #expect((try? PromptTemplate(system: "JSON like {\"a\": 1} is fine", user: "{age}")) != nil)
    }

    @Test("reference rule: seeds until 3 accepted, then recent, seeds again every reset-every attempts")
    func referenceRule() {
        let policy = ReferencePolicy(count: 3, lookback: 20, resetEvery: 50)
        #expect(policy.source(attempt: 1, acceptedCount: 0) == .seeds)
        #expect(policy.source(attempt: 7, acceptedCount: 2) == .seeds)
        #expect(policy.source(attempt: 7, acceptedCount: 3) == .recent)
        #expect(policy.source(attempt: 49, acceptedCount: 40) == .recent)
        #expect(policy.source(attempt: 50, acceptedCount: 40) == .seeds)
        #expect(policy.source(attempt: 100, acceptedCount: 90) == .seeds)
        #expect(policy.source(attempt: 101, acceptedCount: 90) == .recent)
        #expect(ReferencePolicy(resetEvery: 0).source(attempt: 50, acceptedCount: 40) == .recent)
        var rng = SeededGenerator(seed: 1)
        let picked = policy.pick(from: 20, using: &rng)
        #expect(picked.count == 3 && Set(picked).count == 3 && picked.allSatisfy { (0 ..< 20).contains($0) })
        #expect(policy.pick(from: 2, using: &rng).count == 2)
    }
}
