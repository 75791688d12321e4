import ContentChecks
import PersonaKit
import Testing

/// Every content rule on both sides, on text written for these tests.
@Suite("Content rules")
struct ContentRuleTests {
    static let good = Persona(
        name: "Odile Marchetti", username: "odie_m", age: 41, traits: ["wry", "patient", "easy-going", "no-nonsense"],
        background: "A ferry mechanic in Tacoma who took night classes in welding after her divorce. She keeps a notebook of engine sounds.",
        chattingStyle: "Short lowercase texts, one emoji at most, answers hours late.")

    static let checker = ContentChecker(echo: InstructionEcho(templates: [
        "Write a persona. - Personality to draw on: {traits}",
        "- \"chatting_style\": one short sentence on how they text (under {max_chatting_style} characters)",
    ]), jobTitles: ["Insurance Sales Agent", "Fast Food Worker / Cashier"])

    static func rules(_ persona: Persona, _ checker: ContentChecker = checker) -> [String] {
        checker.violations(of: persona).map(\.rule)
    }

    static func with(traits: [String]? = nil, background: String? = nil, style: String? = nil) -> Persona {
        var persona = good
        if let traits { persona.traits = traits }
        if let background { persona.background = background }
        if let style { persona.chattingStyle = style }
        return persona
    }

    @Test("a persona a dataset builder would keep passes every rule")
    func goodPersonaPasses() {
        #expect(Self.checker.violations(of: Self.good).isEmpty)
    }

    @Test("traits: one word or hyphenated, no digits, list markers or sentence punctuation", arguments: [
        ("1. They are very organised", "trait-form"), ("kind of shy", "trait-form"), ("2.", "trait-form"),
        ("tidy.", "trait-form"), ("- curious", "trait-form"), ("bold!", "trait-form"), ("80s-kid", "trait-form"),
    ])
    func traitForm(trait: String, rule: String) {
        let found = Self.checker.violations(of: Self.with(traits: ["wry", trait, "calm"]))
        #expect(found.map(\.rule) == [rule])
        #expect(found.first?.field == "traits[1]")
    }

    @Test("traits: adjectives pass, nouns and adverbs by ending do not")
    func traitPartOfSpeech() {
        for adjective in ["friendly", "lonely", "curious", "stubborn", "quick-witted", "self-reliant", "devout", "ambitious", "elderly"] {
            #expect(Self.rules(Self.with(traits: ["wry", adjective, "calm"])).isEmpty, "\(adjective)")
        }
        for word in ["eagerness", "lazily", "curiosity", "commitment", "optimism", "leadership", "patience", "happily", "carefully", "Sarcasm", "enthusiasm"] {
            #expect(Self.rules(Self.with(traits: ["wry", word, "calm"])) == ["trait-not-adjective"], "\(word)")
        }
    }

    @Test("traits: a repeat and the persona's own name are caught")
    func traitRepeatAndName() {
        #expect(Self.rules(Self.with(traits: ["wry", "calm", "Wry"])) == ["trait-repeated"])
        #expect(Self.rules(Self.with(traits: ["wry", "Marchetti", "calm"])) == ["trait-is-name"])
        #expect(Self.rules(Self.with(traits: ["wry", "odie_m", "calm"])) == ["trait-is-name"])
    }

    @Test("background: placeholders, the name and bare job titles", arguments: [
        ("none", "background-placeholder"), ("N/A", "background-placeholder"), ("Unknown.", "background-placeholder"),
        ("No background provided", "background-placeholder"), ("Odile Marchetti", "background-is-name"),
        ("Odile Marchetti.", "background-is-name"), ("Insurance Sales Agent", "background-job-title"),
        ("cashier", "background-job-title"), ("Full-Time College Student", "background-job-title"),
        ("Correctional Officer", "background-job-title"),
    ])
    func backgroundStandIns(background: String, rule: String) {
        #expect(Self.rules(Self.with(background: background)) == [rule])
    }

    @Test("background: fewer than eight words, and text that does not end a sentence")
    func backgroundSentence() {
        #expect(Self.rules(Self.with(background: "lazy")) == ["background-too-short"])
        #expect(Self.rules(Self.with(background: "No filter Nadia")) == ["background-too-short"])
        #expect(Self.rules(Self.with(background: "Welds boats. Loves rain.")) == ["background-too-short"])
        let cut = "A hospital porter who spends her nights managing the workload and ensuring"
        #expect(Self.rules(Self.with(background: cut)) == ["background-unfinished"])
        #expect(Self.rules(Self.with(background: cut + " that nobody waits.")).isEmpty)
        #expect(Self.rules(Self.with(background: "A night nurse who just moved to Ohio.")).isEmpty)
        #expect(Self.rules(Self.with(background: "She said it best: \"I fix what floats.\" Then she opened a bike shop in Leeds.")).isEmpty)
        #expect(Self.rules(Self.with(background: "Runs a tiny bakery in Porto and sleeps four hours a night! 🥐")).isEmpty)
    }

    @Test("chatting style: a description passes; hashtags, greetings and two words do not")
    func chattingStyle() {
        #expect(Self.rules(Self.with(style: "#relatable #fastfood_counterworker #gentle_easygoing")) == ["style-hashtags-only"])
        #expect(Self.rules(Self.with(style: "Hey there! I'm always up for a chat about boats.")) == ["style-greeting"])
        #expect(Self.rules(Self.with(style: "Hello, friend")) == ["style-greeting"])
        #expect(Self.rules(Self.with(style: "single-word")) == ["style-too-short"])
        #expect(Self.rules(Self.with(style: "Uses #blessed a lot, mostly in caps.")).isEmpty)
        #expect(Self.rules(Self.with(style: "Terse, lowercase, no emoji.")).isEmpty)
        #expect(Self.rules(Self.with(style: "Highly formal greetings, then bullet points.")).isEmpty)
    }

    @Test("prompt echo: a run of the instructions in any field; ordinary phrasing passes")
    func promptEcho() {
        let echoed = Self.with(background: "Odile's personality to draw on is religious, anxious and reliable, like her mother.")
        let found = Self.checker.violations(of: echoed)
        #expect(found.map(\.rule) == ["prompt-echo"])
        #expect(found.first?.message.contains("personality to draw on") == true)
        #expect(Self.rules(Self.with(style: "one-sentence on how they chat")) == ["prompt-echo"])
        #expect(Self.rules(Self.with(style: "Writes about how they feel, in long paragraphs.")).isEmpty)
        #expect(Self.rules(Self.good, ContentChecker()).isEmpty, "no prompt, no echo")
        let blank = Self.with(background: "Ines Moreau works as a baker. <No information provided about where they do it>. She is saving for a van.")
        #expect(Self.rules(blank, ContentChecker()) == ["prompt-echo"], "a form's blank is caught with or without the prompt")
        #expect(Self.rules(Self.with(style: "Ends every message with <3 and a wink ;>")).isEmpty, "emoticons are not blanks")
    }

    @Test("a rule switched off (--allow) no longer fires; the next rule of the field may")
    func allow() throws {
        let placeholder = Self.with(background: "none")
        var checker = Self.checker
        checker.enabled.subtract([.backgroundPlaceholder])
        #expect(Self.rules(placeholder, checker) == ["background-too-short"])
        checker.enabled.subtract([.backgroundTooShort, .backgroundUnfinished])
        #expect(Self.rules(placeholder, checker).isEmpty)
    }

    @Test("the card's own seed personas pass (written in their style for this test)")
    func seedStyle() {
        let lawyer = Persona(name: "Dana Hollis", username: "dana_h", age: 44, traits: ["direct", "efficient", "impatient", "sharp"],
                             background: "Patent attorney billing sixty hours a week on a pharma dispute. Lives in Denver.",
                             chattingStyle: "Short sentences and acronyms (FYI, EOD). Skips small talk. Replies near midnight.")
        #expect(ContentChecker().violations(of: lawyer).isEmpty)
    }
}

@Suite("Content rules across writing systems")
struct ContentRuleScriptTests {
    @Test("Thai, Chinese and Hindi personas written for this test pass: spaceless runs count by length, their sentence ends count")
    func otherScripts() {
        let thai = Persona(name: "Somchai Wong", username: nil, age: 33, traits: ["ใจดี", "ขยัน", "ร่าเริง"],
                           background: "นักออกแบบไอคอนที่ชอบวาดภาพสีน้ำในวันหยุดและสอนเด็กในหมู่บ้าน",
                           chattingStyle: "พิมพ์สั้นๆ ใช้อีโมจิเยอะ ตอบช้าตอนกลางคืน")
        let chinese = Persona(name: "Li Wei", username: nil, age: 58, traits: ["耐心", "细心", "幽默"],
                              background: "一位退休的中学老师，喜欢在公园里下象棋和种花。",
                              chattingStyle: "用语音转文字，标点很少，常发表情包。")
        let hindi = Persona(name: "Asha Rao", username: nil, age: 40, traits: ["धैर्यवान", "जिज्ञासु", "शांत"],
                            background: "एक नर्स जो रात की पाली में काम करती है और सप्ताहांत में बागवानी करती है।",
                            chattingStyle: "छोटे संदेश, बहुत सारे इमोजी, देर से जवाब।")
        for persona in [thai, chinese, hindi] {
            #expect(ContentChecker().violations(of: persona).isEmpty, "\(persona.name): \(ContentChecker().violations(of: persona))")
        }
        var short = chinese
        short.background = "老师。"
        #expect(ContentChecker().violations(of: short).map(\.rule) == ["background-too-short"])
    }
}
