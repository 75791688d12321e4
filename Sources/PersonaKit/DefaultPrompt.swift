/// PersonaBank's own wording of the Synthetic Persona Bank prompt, as templates with `{placeholder}`s
/// (filled in by the generator's `PromptTemplate`; read by the audit's prompt-echo check for datasets
/// made with it).
///
/// The text that is the same on every attempt of a run comes first (the system message, then the keys
/// and their rules), and what changes (references, avoid list, ingredients) comes last: a local server
/// that keeps its KV cache between requests (llama.cpp) then re-reads only the tail of each prompt.
public enum DefaultPrompt {
    /// The system message.
    public static let system = """
        You write fictional people for a dataset of chat personas. Reply with exactly one JSON object \
        and nothing else: no commentary, no markdown.
        """

    /// The user message.
    public static let user = """
        Write one new, believable person as a JSON object with these keys:
        - "name": the name given below, exactly
        - "username": the username given below, or null if it reads "none"
        - "age": the age given below
        - "traits": {min_traits} to {max_traits} single-word adjectives that fit the finished character
        - "background": one or two complete sentences in the third person, at most {max_background_words} \
        words in all, tying the occupation, the age and the current situation together
        - "chatting_style": one sentence of at most {max_chatting_style_words} words describing how this \
        person writes messages, adapting the texting habit to who they are
        Combine the ingredients into one life rather than listing them. Do not reuse the themes, jobs, \
        hobbies or phrasing of the personas already in the dataset.

        Personas already in the dataset:
        {references}{avoid}

        Ingredients:
        - Name: {name}
        - Username: {username}
        - Age: {age}
        - Occupation: {profession}
        - What is going on for them right now: {life_context}
        - Personality to draw on: {traits}
        - Starting point for how they text: {chatting_quirk}
        """
}
