import PersonaKit
import Testing

@Suite("Validation against the card's rules")
struct ValidationTests {
    static func persona(age: Int = 30, traits: [String] = ["calm", "kind", "wry"], background: String = "A baker.",
                        chattingStyle: String = "Brief.", name: String = "Ana", username: String? = "ana") -> Persona {
        Persona(name: name, username: username, age: age, traits: traits, background: background, chattingStyle: chattingStyle)
    }

    @Test("a persona within the card's limits has no violations")
    func valid() {
        #expect(Self.persona().violations(of: .card).isEmpty)
        #expect(Self.persona(age: 19, username: nil).violations(of: .card).isEmpty)
        #expect(Self.persona(age: 75, traits: ["a", "b", "c", "d", "e"]).violations(of: .card).isEmpty)
        #expect(Self.persona(background: String(repeating: "é", count: 300), chattingStyle: String(repeating: "x", count: 120))
            .violations(of: .card).isEmpty)
    }

    @Test("each broken rule names rule and field", arguments: [
        (persona(age: 18), "age-range", "age"),
        (persona(age: 76), "age-range", "age"),
        (persona(traits: ["a", "b"]), "trait-count", "traits"),
        (persona(traits: ["a", "b", "c", "d", "e", "f"]), "trait-count", "traits"),
        (persona(traits: ["a", " ", "c"]), "non-empty", "traits[1]"),
        (persona(background: String(repeating: "x", count: 301)), "background-length", "background"),
        (persona(chattingStyle: String(repeating: "x", count: 121)), "chatting-style-length", "chatting_style"),
        (persona(chattingStyle: ""), "non-empty", "chatting_style"),
        (persona(background: "\n"), "non-empty", "background"),
        (persona(name: ""), "non-empty", "name"),
        (persona(username: ""), "non-empty", "username"),
    ])
    func violations(persona: Persona, rule: String, field: String) {
        let found = persona.violations(of: .card)
        #expect(found.count == 1)
        #expect(found.first?.rule == rule)
        #expect(found.first?.field == field)
    }

    @Test("limits are configurable")
    func customRules() {
        let rules = ValidationRules(ages: 18...99, traitCount: 1...2, maxBackground: 5, maxChattingStyle: 3)
        let found = Self.persona(age: 18, background: "A baker.", chattingStyle: "Brief.").violations(of: rules)
        #expect(found.map(\.rule) == ["trait-count", "background-length", "chatting-style-length"])
        #expect(found[1].message == "8 characters, limit 5")
    }
}

@Suite("Persona text template")
struct TemplateTests {
    let persona = Persona(name: "Ana Ruiz", username: nil, age: 52, traits: ["calm", "kind", "wry"],
                          background: "A ferry engineer.", chattingStyle: "Terse, with puns.")

    @Test("the default leaves out name, username and age")
    func defaultTemplate() {
        let text = PersonaTextTemplate.default.render(persona)
        #expect(text == "Traits: calm, kind, wry. Background: A ferry engineer. Chatting style: Terse, with puns.")
        #expect(!text.contains("Ana") && !text.contains("52"))
        #expect(PersonaTextTemplate.default.fields == [.traits, .background, .chattingStyle])
    }

    @Test("custom templates fill every placeholder; {{ and }} are literal braces")
    func customTemplate() throws {
        let template = try PersonaTextTemplate("{name} (@{username}, {age}) {{{traits}}} {background}|{chatting_style}")
        #expect(template.keepingNames().render(persona) == "Ana Ruiz (@, 52) {calm, kind, wry} A ferry engineer.|Terse, with puns.")
        #expect(template.render(persona) == "\(NameMask.token) (@, 52) {calm, kind, wry} A ferry engineer.|Terse, with puns.", "names masked by default")
    }

    @Test("unknown placeholders and unmatched braces are errors", arguments: ["{job}", "Traits: {traits", "a } b", "{Traits}"])
    func badTemplates(source: String) {
        #expect(throws: PersonaTextTemplate.TemplateError.self) { try PersonaTextTemplate(source) }
    }

    @Test("the unknown-placeholder message lists the known ones")
    func unknownPlaceholderMessage() {
        #expect {
            try PersonaTextTemplate("{job}")
        } throws: { error in
            (error as? PersonaTextTemplate.TemplateError)?.message.contains("{chatting_style}") == true
        }
    }
}
