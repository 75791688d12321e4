import Foundation
import Generation
import PersonaKit
import Testing
import TestSupport

@Suite("Generation inputs")
struct InputsTests {
    @Test("SPB's own seed files load unchanged",
          .enabled(if: SharedData.file("seed/spb-seed/persona_components.json") != nil, "skipped: ../shared/seed/spb-seed is absent"))
    func spbSeedFiles() throws {
        let directory = try #require(SharedData.file("seed/spb-seed"))
        let inputs = try GenerationInputs.load(directory: directory)
        #expect(inputs.components.professions.count > 50)
        #expect(inputs.components.professions.contains { $0.minAge != nil })
        #expect(!inputs.components.lifeContexts.isEmpty && !inputs.components.chattingQuirks.isEmpty)
        #expect(inputs.seedPersonas.count == 3)
        #expect(inputs.seedPersonas.contains { $0.username == nil })
        #expect(!inputs.firstNames.isEmpty && !inputs.lastNames.isEmpty && !inputs.usernames.isEmpty)
    }

    @Test("the bundled default set meets its size requirements and every entry is valid")
    func defaults() throws {
        let inputs = try GenerationInputs.loadDefault()
        #expect(inputs.components.professions.count >= 150)
        #expect(inputs.components.lifeContexts.count >= 100)
        #expect(inputs.components.traits.count >= 150)
        #expect(inputs.components.chattingQuirks.count >= 100)
        #expect(Set(inputs.firstNames).count >= 300)
        #expect(Set(inputs.lastNames).count >= 300)
        #expect(Set(inputs.usernames).count >= 100)
        #expect(inputs.seedPersonas.count >= 5)
        #expect(inputs.seedPersonas.allSatisfy { $0.violations(of: .card).isEmpty })
        for list in [inputs.components.professions, inputs.components.lifeContexts, inputs.components.traits, inputs.components.chattingQuirks] {
            #expect(Set(list.map { $0.value.lowercased() }).count == list.count, "no duplicate entries")
        }
    }

    @Test("a malformed components file names the file, entry and field")
    func malformed() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-components-\(UUID().uuidString).json")
        try Data(#"{"professions": [{"value": "Nurse", "weight": -1}], "life_contexts": [], "traits": [], "chatting_quirks": []}"#.utf8).write(to: url)
        do {
            _ = try PersonaComponents.parse(try Data(contentsOf: url), file: url.path)
            Issue.record("accepted a negative weight")
        } catch let error as InputError {
            #expect(error.description.contains(url.lastPathComponent))
            #expect(error.description.contains("professions[0].weight"))
            #expect(error.field == "professions[0].weight")
        }
        #expect(throws: InputError.self) {
            try PersonaComponents.parse(Data(#"{"professions": [{"value": "Child", "weight": 1, "max_age": 12}]}"#.utf8), file: "x.json")
        }
    }
}
