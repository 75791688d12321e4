import CommandLineSupport
import Foundation
import LinearAlgebra
@testable import Generation
import PersonaKit
import RunFormat
import Testing

@Suite("Steering: phrase counter, crowding rule, reweighting")
struct SteeringUnitTests {
    static let blueprint = PersonaBlueprint(profession: "Harbour Pilot", age: 47, lifeContext: "moving to a new city", traits: ["calm", "wry", "shy"],
                                            chattingQuirk: "types in lowercase", name: "Ana Lind", username: nil)

    static func persona(_ background: String, _ style: String = "Short lines.") -> Persona {
        Persona(name: "Ana Lind", username: nil, age: 47, traits: ["calm", "wry", "shy"], background: background, chattingStyle: style)
    }

    @Test("templates: the audit's openings and n-grams of both fields, minus what the blueprint explains")
    func templates() {
        let found = PhraseTemplate.templates(of: Self.persona("As a harbour pilot she loves quiet tides.", "Types in lowercase always."), blueprint: Self.blueprint)
        #expect(found.contains(PhraseTemplate(field: "background", kind: .opening, text: "as a")))
        #expect(found.contains(PhraseTemplate(field: "background", kind: .phrase, text: "she loves quiet")))
        #expect(!found.contains(PhraseTemplate(field: "background", kind: .opening, text: "as a harbour pilot")),
                "stop words plus the profession: explained by the blueprint")
        #expect(!found.contains(PhraseTemplate(field: "background", kind: .phrase, text: "a harbour pilot")), "the profession is the prompt's, not a habit")
        #expect(!found.contains(PhraseTemplate(field: "chatting_style", kind: .opening, text: "types in lowercase")), "the quirk is the prompt's")
        #expect(found.contains(PhraseTemplate(field: "chatting_style", kind: .phrase, text: "in lowercase always")))
    }

    @Test("an echo of the prompt's instructions is counted and banned, but never named in the avoid list")
    func instructionEchoes() throws {
        let template = try PromptTemplate(system: "You write one persona.", user: "Occupation: {profession}{avoid}\n\"background\": one sentence about their work and situation")
        let words = template.instructionWords
        #expect(words.isSuperset(of: ["one", "sentence", "about", "their", "work", "situation", "occupation", "persona"]))
        #expect(!words.contains("profession") && !words.contains("avoid"), "placeholder names are not instructions")
        let echo = PhraseTemplate(field: "background", kind: .opening, text: "one sentence about")
        let habit = PhraseTemplate(field: "background", kind: .phrase, text: "she loves quiet")
        #expect(echo.isEcho(of: words) && !habit.isEcho(of: words))
        #expect(!PhraseTemplate(field: "background", kind: .opening, text: "as a").isEcho(of: words), "stop words alone are no echo")

        var state = SteeringState(settings: SteeringSettings(parts: [.phrases], phraseShare: 0.5, phraseMinimumAccepted: 2),
                                  components: TestInputs.inputs().components, dimension: 2, instructionWords: words)
        let echoing = Self.persona("One sentence about their work: she loves quiet tides.")
        for (attempt, id) in ["a", "b"].enumerated() {
            _ = state.recordAccepted(echoing, id: id, blueprint: Self.blueprint, embedding: [1, 0], attempt: attempt + 1)
        }
        let used = state.overused(echoing, blueprint: Self.blueprint)
        #expect(used.contains(echo) && used.contains(habit), "both are banned, so a candidate using either is rejected")
        #expect(state.avoidList.contains(habit) && !state.avoidList.contains { $0.isEcho(of: words) },
                "the prompt names the habit, never the echo: \(state.avoidList)")
    }

    @Test("the rejection budget: steering may reject while rejections < budget × (accepted + 1)")
    func rejectionBudget() {
        var state = SteeringState(settings: SteeringSettings(parts: [.crowding], rejectionBudget: 0.5),
                                  components: TestInputs.inputs().components, dimension: 2)
        #expect(state.mayReject, "0 < 0.5 × 1")
        state.recordRejection()
        #expect(!state.mayReject, "1 ≥ 0.5 × 1: spent")
        _ = state.recordAccepted(Self.persona("A."), id: "a", blueprint: nil, embedding: [1, 0], attempt: 2)
        #expect(!state.mayReject, "1 ≥ 0.5 × 2")
        _ = state.recordAccepted(Self.persona("B."), id: "b", blueprint: nil, embedding: [0, 1], attempt: 3)
        #expect(state.mayReject, "1 < 0.5 × 3")
        let none = SteeringState(settings: SteeringSettings(parts: [.crowding], rejectionBudget: 0), components: TestInputs.inputs().components, dimension: 2)
        #expect(!none.mayReject, "budget 0: steering never rejects")
    }

    @Test("a template is banned when its share reaches the threshold after the minimum, and only then")
    func bans() {
        var ledger = PhraseLedger(share: 0.25, minimumAccepted: 4)
        let common = PhraseTemplate(field: "background", kind: .opening, text: "as a")
        let rare = PhraseTemplate(field: "background", kind: .phrase, text: "loves quiet tides")
        #expect(ledger.record([common], attempt: 1).isEmpty)
        #expect(ledger.record([common, rare], attempt: 2).isEmpty)
        #expect(ledger.record([], attempt: 3).isEmpty, "3 accepted: below the minimum of 4")
        // 4 accepted: 'as a' in 2 (50 % ≥ 25 %, ≥ 2 documents) is banned by the full scan; 'loves quiet tides' in 1 is not.
        #expect(ledger.record([], attempt: 4) == [common])
        #expect(ledger.banned[common] == PhraseLedger.Ban(attempt: 4, accepted: 4, documents: 2))
        #expect(ledger.overused(in: [common, rare]) == [common])
        #expect(ledger.record([rare], attempt: 7) == [rare], "2 of 5 = 40 %")
        #expect(ledger.avoidList(limit: 1) == [common] || ledger.avoidList(limit: 1) == [rare])
        #expect(ledger.avoidList(limit: 5).count == 2)
    }

    @Test("crowding gain: ln(1 − sᵀK⁻¹s) on hand-computable cases")
    func crowdingGain() {
        // One neighbour at cosine 0.6: 1 − 0.36 = 0.64.
        #expect(abs(CrowdingRule.gain(scores: [0.6], gram: [1]) - log(0.64)) < 1e-5)
        // Two orthogonal neighbours at 0.6 and 0.0: K = I, residual 1 − 0.36 − 0 = 0.64.
        #expect(abs(CrowdingRule.gain(scores: [0.6, 0], gram: [1, 0, 0, 1]) - log(0.64)) < 1e-5)
        // x = (0.6, 0.6, √0.28) against e1 and e2: residual 0.28; two neighbours at 0.6 each crowd more than one.
        #expect(abs(CrowdingRule.gain(scores: [0.6, 0.6], gram: [1, 0, 0, 1]) - log(0.28)) < 1e-5)
        // Neighbours n1 = e1, n2 = (0.8, 0.6): K = [[1, .8], [.8, 1]]; x = e2 has s = (0, 0.6); x lies in their span: residual 0.
        let gain = CrowdingRule.gain(scores: [0, 0.6], gram: [1, 0.8, 0.8, 1])
        #expect(gain < -10, "x in the neighbours' span adds no volume: \(gain)")
        #expect(CrowdingRule.gain(scores: [], gram: []) == 0)
        // Identical neighbours do not break the factorisation.
        #expect(CrowdingRule.gain(scores: [0.5, 0.5], gram: [1, 1, 1, 1]).isFinite)
    }

    @Test("crowding cut: the share-quantile of the last 40 gains, at most the ceiling, nothing before 10 gains")
    func crowdingCut() {
        let rule = CrowdingRule(neighbors: 8, share: 0.33, ceiling: -0.69)
        #expect(rule.cut(recentGains: Array(repeating: -2, count: 9)) == nil, "9 gains: still measuring")
        // 10 gains -1.0, -1.1, …, -1.9: sorted position ⌊0.33 × 9⌋ = 2 → -1.7.
        let ten = (0 ..< 10).map { -1.0 - Double($0) / 10 }
        #expect(abs((rule.cut(recentGains: ten) ?? 0) - -1.7) < 1e-12)
        // Only the last 40 count: 40 old gains of -5 pushed out by 40 of -0.9 … ; the ceiling caps a diverse stream.
        let old = Array(repeating: -5.0, count: 40), diverse = (0 ..< 40).map { -0.1 - Double($0) / 100 }
        #expect(rule.cut(recentGains: old + diverse) == -0.69, "every recent gain is above ln 0.5: the ceiling is the cut")
        #expect(rule.cut(recentGains: diverse + old) == -5, "the window is the last 40")
        var state = SteeringState(settings: SteeringSettings(parts: [.crowding]), components: TestInputs.inputs().components, dimension: 2)
        for gain in old + ten { state.recordGain(gain) }
        #expect(state.recentGains.count == CrowdingRule.window && state.recentGains.suffix(10) == ten[...])
        #expect(state.crowdingCut == CrowdingRule(neighbors: 8, share: 0.33, ceiling: -0.69).cut(recentGains: old + ten))
    }

    @Test("reweighting: factor (p·A + 1)/(a + 1) within 0.25-4; under-accepted values drawn more")
    func reweighting() {
        let inputs = TestInputs.inputs() // professions Nurse 50, Student 30, Welder 15, Judge 5
        var tally = ComponentTally(components: inputs.components)
        #expect(tally.factors.professions == [1, 1, 1, 1], "no acceptances: the intended weights")
        func blueprint(_ profession: String) -> PersonaBlueprint {
            PersonaBlueprint(profession: profession, age: 40, lifeContext: "moving to a new city", traits: ["calm"], chattingQuirk: "types in lowercase",
                             name: "A B", username: nil)
        }
        for _ in 0 ..< 10 { tally.record(blueprint("Nurse")) }
        let factors = tally.factors.professions
        // A = 10: Nurse (0.5·10 + 1)/(10 + 1) = 6/11; Student (3 + 1)/1 = 4; Welder 2.5; Judge 1.5.
        #expect(abs(factors[0] - 6.0 / 11) < 1e-12 && factors[1] == 4 && abs(factors[2] - 2.5) < 1e-12 && abs(factors[3] - 1.5) < 1e-12)
        #expect(tally.factors(of: blueprint("Student")).profession == 4)
        #expect(tally.factors(of: blueprint("Astronaut")).profession == 1, "a value not in the inputs")
        for _ in 0 ..< 90 { tally.record(blueprint("Nurse")) }
        #expect(abs(tally.factors.professions[0] - 51.0 / 101) < 1e-12 && tally.factors.professions[1] == 4, "Student's 31 is clamped to 4")

        // Drawn with the factors, the sampler follows them.
        let sampler = ComponentSampler(inputs: inputs)
        var rng = SeededGenerator(seed: 9)
        var nurses = 0
        for _ in 0 ..< 2000 where sampler.blueprint(using: &rng, factors: tally.factors).profession == "Nurse" { nurses += 1 }
        #expect(nurses < 600, "Nurse over-accepted: drawn well below its 50 % (\(nurses) of 2000)")
    }

    @Test("--steer parses none, all and lists; settings round-trip through the manifest")
    func settings() throws {
        func parts(_ text: String) throws -> Set<SteeringSettings.Part> {
            var config = GenerationConfig()
            try GenerateCommandLine.apply(try ParsedArguments(["--steer", text], options: GenerateCommandLine.options), to: &config)
            return config.steering.parts
        }
        #expect(try parts("none") == [])
        #expect(try parts("all") == Set(SteeringSettings.Part.allCases))
        #expect(try parts("phrases,coverage") == [.phrases, .coverage])
        #expect(throws: UsageError("option '--steer' expects none, all, or a comma list of phrases, crowding, coverage, selection, got 'phrase'",
                                   hint: "see --help")) { try parts("phrase") }
        #expect(SteeringSettings(parts: SteeringSettings.defaultParts).partsText == "none", "steering is off by default")
        let settings = SteeringSettings(parts: [.crowding, .phrases], phraseShare: 0.1, rejectionBudget: 0.25, copyGuardFactor: 3)
        let decoded = try JSONDecoder().decode(SteeringSettings.self, from: try JSONEncoder().encode(settings))
        #expect(decoded == settings)
        let older = #"{"parts":["crowding"],"phrase_share":0.08,"phrase_minimum_accepted":40,"crowding_neighbors":8,"crowding_floor":-1.4}"#
        let old = try JSONDecoder().decode(SteeringSettings.self, from: Data(older.utf8))
        #expect(old.rejectionBudget == .infinity, "a manifest from before the budget had none")
        #expect(old.copyGuardFactor == 0, "nor a copy guard: it named banned templates to the end")
        #expect(settings.partsText == "crowding,phrases")
    }

    @Test("the avoid list fills {avoid} in the default template; empty leaves the prompt as before")
    func avoidPlaceholder() {
        let plain = PromptTemplate.default.render(Self.blueprint, references: [], rules: .card)
        #expect(!plain.user.contains("overuses"))
        let avoid = [PhraseTemplate(field: "background", kind: .opening, text: "as a"),
                     PhraseTemplate(field: "chatting_style", kind: .phrase, text: "loves to chat")]
        let steered = PromptTemplate.default.render(Self.blueprint, references: [], rules: .card, avoid: avoid)
        #expect(steered.user.contains("\"as a …\" at the start of the background"))
        #expect(steered.user.contains("\"loves to chat\" anywhere in the chatting style"))
    }
}
