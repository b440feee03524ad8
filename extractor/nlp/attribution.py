"""Who says so: the attribution of a figure inside its sentence, from the dependency parse.

Three shapes cover most news prose: a prepositional cue ("according to X"), a reporting verb with its
subject or agent ("X said", "X hinted at", "figures released by X"), and a reporting noun with its owner
("X's daily update"). Sources that only point back ("he", "the ministry") are resolved later, against the
article's earlier sources, by the tagger.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span, Token

from extractor.nlp.lexicon import Lexicon
from extractor.nlp.links.common import entity_containing

SOURCE_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
CLAUSE_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj", "xcomp"})
DROP_DEPS = frozenset({"relcl", "punct", "acl"})
TIME_MARKS = frozenset({"when", "after", "before", "since", "until", "till", "once", "while", "as"})
MODALS = frozenset({"may", "might", "could", "will", "would", "should", "shall", "can"})


@dataclass(frozen=True)
class Attribution:
    text: str  # the source as written, titles and co-sources included
    name_text: str  # the first source alone, for its canonical name
    label: str | None  # entity label of the source's head, if any
    cue: str  # the attribution words: "according to", "said", "hinted at"
    head_lower: str  # the head word, lower-cased: lets "the agency" find "the U.N. refugee agency"
    pointer: str | None = None  # "person" for he/she, "group" for it/they, "generic" for "the ministry"
    inherited: bool = False
    token_index: int = -1
    start: int = -1  # the source's words as token offsets: a figure inside them describes the source
    end: int = -1
    person: bool = False  # one person ("she", "the spokesman", "Chancellor X"): quote ends with paragraph
    forecast: bool = False  # an expectation ("economists expected", "consensus estimates"), not a release

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "name_text": self.name_text,
            "label": self.label,
            "cue": self.cue,
            "inherited": self.inherited,
        }

    def inherit(self) -> Attribution:
        return replace(self, inherited=True)


def find_attribution(number: Token, lexicon: Lexicon) -> Attribution | None:
    """The attribution that covers the figure whose head token is `number`."""
    sent = number.sent
    if _describes_the_setting(number, lexicon):
        return None
    return (
        _prepositional(sent, lexicon, over=number)
        or _requested_sum(number, lexicon)
        or _revised_report(number, lexicon)
        or _governing_verb(number, lexicon)
        or _sibling_verb(number, lexicon)
        or _owning_noun(number, lexicon)
        or sentence_attribution(sent, lexicon, near=number.i)
    )


def sentence_attribution(sent: Span, lexicon: Lexicon, near: int | None = None) -> Attribution | None:
    """Any attribution in the sentence (nearest to `near` first): prepositional cue or reporting verb."""
    found = _prepositional(sent, lexicon)
    if found:
        return found
    verbs = [t for t in sent if _is_reporting_verb(t, lexicon)]
    if near is not None:
        number = sent.doc[near]
        verbs = [
            v
            for v in verbs
            if _contains(v, number)
            and not _expects_something_else(v, number, lexicon)
            and not _tells_a_consequence(v, number, lexicon)
            or not _contains(v, number)
            and not (_reports_its_own_clause(v) or _describes_a_noun_or_time(v, lexicon))
        ]
        verbs.sort(key=lambda t: abs(t.i - near))
    for verb in verbs:
        source = _verb_source(verb, lexicon)
        if source is not None:
            return _make(source, verb.text, lexicon)
    return _misparsed_report(sent, lexicon)


def _misparsed_report(sent: Span, lexicon: Lexicon) -> Attribution | None:
    """ "Output fell by a third, the research notes": a speech verb after a quote whose subject the
    parser took for a compound ("the research notes" as one noun phrase) speaks for that noun."""
    root = sent.root
    verb = root.lower_.removesuffix("s")
    if root.pos_ not in ("NOUN", "VERB") or not root.lower_.endswith("s"):
        return None
    if any(c.dep_ in SUBJECT_DEPS for c in root.children):
        return None  # a parsed subject: the verb's source is found the ordinary way
    if verb not in lexicon.speech_verbs and verb.removesuffix("e") not in lexicon.speech_verbs:
        return None
    owner = next((c for c in root.children if c.dep_ in ("compound", "nmod") and c.i == root.i - 1), None)
    if owner is None or not (is_agent(owner, lexicon) or _is_reporting_noun(owner, lexicon)):
        return None
    if not any(t.dep_ == "ccomp" or t.is_quote for t in root.children) and root.i - sent.start < 3:
        return None
    return _make(owner, root.text, lexicon)


def _prepositional(sent: Span, lexicon: Lexicon, over: Token | None = None) -> Attribution | None:
    """ "according to X", "citing X": the first such cue in the sentence; with `over`, the first whose
    clause (the cue's head and what hangs below it) holds that figure."""
    for token in sent:
        for cue in lexicon.prepositional_cues:
            if token.lower_ != cue[0]:
                continue  # cheap test first: slicing the doc for every token and cue was a hot spot
            words = sent.doc[token.i : token.i + len(cue)]
            if tuple(t.lower_ for t in words) != cue:
                continue
            if over is not None and not _contains(token.head, over):
                continue
            last = words[-1]
            # "according to Save the Children": a name parsed as a verb phrase is the cue's pcomp
            objects = [c for c in last.children if c.dep_ in ("pobj", "dobj", "pcomp")] or [
                c for c in token.children if c.dep_ in ("pobj", "dobj")
            ]
            if objects:
                return _make(_owner(objects[0], lexicon), " ".join(w.text for w in words), lexicon)
    return None


def _describes_the_setting(number: Token, lexicon: Lexicon) -> bool:
    """ "she said inside the centre, which houses about 800 refugees": a figure in a relative clause
    on where or when a speech verb's speaker spoke describes the setting, not what was said."""
    via, described = number, False
    for ancestor in number.ancestors:
        setting = via.dep_ == "prep" and via.i > ancestor.i  # follows the verb: "she said inside ..."
        if described and setting and ancestor.lemma_.lower() in lexicon.speech_verbs:
            return True
        # "which"/"where" open a relative clause; a "that" after "told analysts on a call" is
        # usually what was told, parsed as a relative clause on "call"
        described = described or ancestor.dep_ == "relcl" and any(
            c.lower_ in ("which", "where", "whose") for c in ancestor.children
        )
        via = ancestor
    return False


def _governing_verb(number: Token, lexicon: Lexicon) -> Attribution | None:
    """A reporting verb above the figure: "X said [... 660 were killed]", "X hinted at some 100,000"."""
    via = number
    for ancestor in number.ancestors:
        if _expects_something_else(ancestor, number, lexicon):
            return None
        if _tells_a_consequence(ancestor, number, lexicon):
            return None
        if _is_reporting_verb(ancestor, lexicon) and _reports_through(ancestor, via, lexicon):
            source = _verb_source(ancestor, lexicon)
            if source is not None and not _contains(source, number):
                return _make(source, _cue_words(ancestor, via), lexicon)
        via = ancestor
    return None


def _expects_something_else(verb: Token, number: Token, lexicon: Lexicon) -> bool:
    """ "Forecasters aren't expecting a slump, but joblessness rose to 5.2%": an expectation covers what
    is expected, its object or clause; a figure in a clause joined to it ("but", "and") is the actual
    figure, which the forecasters are not the source of."""
    if verb.lemma_.lower() not in lexicon.forecast_verbs or not _contains(verb, number):
        return False
    path = [a for a in [number, *number.ancestors] if verb.i != a.i and _contains(verb, a)]
    if path and path[-1].dep_ == "conj":
        return True
    # "Analysts had forecast 61 cents, compared to the 91 cents it earned a year earlier": the base
    # of the comparison is an earlier actual figure
    return any(a.lemma_.lower() == "compare" for a in path)


def _tells_a_consequence(verb: Token, number: Token, lexicon: Lexicon) -> bool:
    """ "Acme reported weak earnings, sending its shares down 30%": a reporting verb with an object of
    its own reports that object; the figure in the participle after it is what followed (the market's
    reaction), which the outlet tells. "..., bringing the toll to 300" is still the report's total."""
    if not _contains(verb, number) or not any(
        c.dep_ == "dobj" and not _contains(c, number) and not any(t.like_num for t in c.subtree)
        for c in verb.children
    ):
        return False
    via = next((a for a in [number, *number.ancestors] if a.head.i == verb.i and a.i != verb.i), None)
    if via is None or via.dep_ != "advcl" or via.tag_ != "VBG":
        return False
    # a running total ("bringing the total to 300") is the report's own figure
    return not any(_is_reporting_noun(t, lexicon) or t.lemma_.lower() == "total" for t in via.subtree)


def _requested_sum(number: Token, lexicon: Lexicon) -> Attribution | None:
    """ "far below the EUR 5 billion requested by the minister": a sum someone asked for, named by a
    participle on the figure's noun, is that someone's figure (the participle's agent)."""
    for noun in [number, *number.ancestors]:
        if noun.pos_ in ("VERB", "AUX"):
            return None
        for child in noun.children:
            if child.dep_ != "acl" or child.lemma_.lower() not in lexicon.claim_participles:
                continue
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            source = next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
            if source is not None and is_agent(source, lexicon):
                return _make(source, f"{child.text} by", lexicon)
    return None


def _sibling_verb(number: Token, lexicon: Lexicon) -> Attribution | None:
    """ "660 troops were killed, the ministry said": the reporting verb hangs below the figure's clause."""
    for ancestor in [number, *number.ancestors]:
        for child in ancestor.children:
            if (
                child.dep_ in CLAUSE_DEPS
                and _is_reporting_verb(child, lexicon)
                and not _contains(child, number)
                and not _reports_its_own_clause(child)
                and not _describes_a_noun_or_time(child, lexicon)
            ):
                source = _verb_source(child, lexicon)
                if source is not None:
                    return _make(source, child.text, lexicon)
    return None


def _describes_a_noun_or_time(verb: Token, lexicon: Lexicon) -> bool:
    """ "Until the day Musk disclosed his stake, shares had fallen 10%", "the heat scientists expect":
    a reporting verb in a relative or temporal clause tells when or what kind, and reports nothing of
    the figure outside it."""
    if verb.dep_ in ("relcl", "acl") and not any(c.dep_ == "ccomp" for c in verb.children):
        return True
    # "Up to the point X disclosed a stake, ...": a clause opened by a preposition on a moment
    if any(
        c.dep_ == "prep" and c.i < verb.i and any(g.lemma_.lower() in lexicon.moment_nouns for g in c.subtree)
        for c in verb.children
    ):
        return True
    return verb.dep_ == "advcl" and any(
        c.dep_ in ("mark", "advmod", "prep") and c.lower_ in TIME_MARKS for c in verb.children
    )


def _reports_its_own_clause(verb: Token) -> bool:
    """ "Ukraine had 44 million people, and UNHCR says 7 million are displaced": a reporting verb with a
    clause of its own reports that clause, not the one it is joined to."""
    return verb.dep_ == "conj" and any(c.dep_ == "ccomp" for c in verb.children)


def _owning_noun(number: Token, lexicon: Lexicon) -> Attribution | None:
    """ "the ministry's estimate of 6,000": a reporting noun above the figure, and its owner."""
    for ancestor in number.ancestors:
        if ancestor.pos_ == "NOUN" and _is_reporting_noun(ancestor, lexicon):
            owner = _noun_owner(ancestor)
            if owner is not None:
                cue = (
                    " ".join(t.text for t in ancestor.lefts if t.dep_ in ("amod", "compound"))
                    + " "
                    + ancestor.text
                )
                return _make(owner, cue.strip(), lexicon)
    return None


def _revised_report(number: Token, lexicon: Lexicon) -> Attribution | None:
    """ "the bank has lowered its inflation forecast to 3.4%", "officials raised the death toll to 50": the
    figure is the new value of a report that the clause's subject (or the report's owner) revises."""
    verb = next((a for a in number.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    report = next(
        (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and _is_reporting_noun(c, lexicon)),
        None,
    )
    if report is None or _contains(report, number):
        return None
    owner = _noun_owner(report)
    if owner is None or owner.pos_ == "PRON":
        owner = _clause_subject(verb)
    if owner is None:
        return None
    owner = _owner(owner, lexicon)
    if not is_agent(owner, lexicon) or owner.pos_ == "PRON" and owner.lower_ in ("it", "its"):
        return None
    forecast = report.lemma_.lower() in lexicon.forecast_nouns or report.lower_ in lexicon.forecast_nouns
    return _make(owner, verb.text, lexicon, forecast=forecast)


def _clause_subject(verb: Token) -> Token | None:
    """The subject of `verb`, or for "prompted the bank to cut" the object that controls it."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":  # "the toll was raised by officials"
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if verb.dep_ == "xcomp":
        return next((c for c in verb.head.children if c.dep_ == "dobj"), None) or _clause_subject(verb.head)
    if verb.dep_ == "conj":
        return _clause_subject(verb.head)
    return None


def _reports_through(verb: Token, via: Token, lexicon: Lexicon) -> bool:
    """A speech verb attributes what it reports, not its object: "X said 660 were killed" does, but in
    "Russia added two battalions" the figure is what was added. Report verbs ("confirmed 6,000") do both."""
    if verb.lemma_.lower() in lexicon.report_verbs:
        return True
    return via.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr", "npadvmod", "oprd")


def is_agent(token: Token, lexicon: Lexicon) -> bool:
    """Sources are agents: named entities, pronouns, or nouns such as "officials" and "the ministry";
    not "footage" or "a rough extrapolation"."""
    if token.ent_type_ in SOURCE_ENTITY_LABELS or token.pos_ in ("PROPN", "PRON"):
        return True
    words = {token.lower_, token.lemma_.lower()}
    modifiers = [c for c in token.lefts if c.dep_ in ("compound", "amod", "poss")]
    words |= {c.lower_ for c in modifiers}
    # Agent nouns of several words ("air force", "border guard") end at the head.
    words |= {f"{c.lower_} {token.lower_}" for c in modifiers if c.i == token.i - 1}
    words |= {f"{c.lower_} {token.lemma_.lower()}" for c in modifiers if c.i == token.i - 1}
    return bool(words & lexicon.agent_nouns)


def _is_reporting_verb(token: Token, lexicon: Lexicon) -> bool:
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in lexicon.reporting_verbs:
        return False
    if token.lemma_.lower() in lexicon.report_verbs and any(
        c.dep_ == "aux" and c.lower_ in MODALS for c in token.children
    ):
        return False  # "the firm may announce the $5bn deal on Monday": nothing is reported yet
    if _books_results(token, lexicon):
        return False  # "the firm recorded $2bn in net profit": results booked, nothing reported
    frame = lexicon.object_frames.get(token.lemma_.lower(), "")
    if frame is None:  # "gave a toll of 50": only with a report as its object
        return any(c.dep_ == "dobj" and _is_reporting_noun(c, lexicon) for c in token.children)
    if frame:  # "put the toll at 50"
        return any(c.dep_ == "prep" and c.lower_ == frame for c in token.children)
    if token.lemma_.lower() in lexicon.speech_verbs:
        # "it added 500,000 viewers", "the firm posted a $2m loss": a figure as the object of a
        # speech verb is what was added or posted, and nothing is being said.
        return not any(c.dep_ == "dobj" and any(t.like_num for t in c.subtree) for c in token.children)
    return True


def books_results(sent: Span, lexicon: Lexicon) -> bool:
    """ "The firm recorded $2bn in net profit": the outlet states a firm's results itself; the report
    quoted before does not run on into them."""
    return any(_books_results(t, lexicon) for t in sent)


def _books_results(verb: Token, lexicon: Lexicon) -> bool:
    return (
        verb.pos_ == "VERB"
        and verb.lemma_.lower() in lexicon.booking_verbs
        and any(c.dep_ == "dobj" and _is_money(c, lexicon) for c in verb.children)
    )


def _is_money(phrase: Token, lexicon: Lexicon) -> bool:
    """A sum of money: "$2bn in net profit", "EUR 40 million"."""
    return any(
        t.ent_type_ == "MONEY" or t.text in lexicon.currency_symbols or t.lower_ in lexicon.currency_words
        for t in phrase.subtree
    )


def _verb_source(verb: Token, lexicon: Lexicon) -> Token | None:
    subject_seen = False
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS and child.pos_ in ("NOUN", "PROPN", "PRON"):
            if child.lower_ in ("which", "that", "who", "what", "this", "there"):
                continue
            owner = _owner(child, lexicon)
            # "the research notes": a report speaks for whoever wrote it.
            if is_agent(owner, lexicon) or _is_reporting_noun(owner, lexicon):
                return owner
            # A long sentence the parser gives two subjects ("the drop in viewers the firm said it
            # expected ..."): the one that can speak is the speaker.
            subject_seen = True
            continue
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    owner = _owner(grandchild, lexicon)
                    return owner if is_agent(owner, lexicon) else None
    if subject_seen:
        return None
    if verb.dep_ == "acl":
        # "Analysts at the institute estimated that ...", parsed as a participle on "Analysts": a
        # participle that reports a clause has its head as the speaker. A participle on a reporting
        # noun ("figures released by X") has its agent, found above.
        if any(c.dep_ == "ccomp" for c in verb.children) and is_agent(verb.head, lexicon):
            return verb.head
        return None
    if verb.dep_ in ("conj",) and verb.head.pos_ == "VERB":
        return _verb_source(verb.head, lexicon)
    return None


def _owner(token: Token, lexicon: Lexicon) -> Token:
    """The one behind a reporting noun: "figures released by X", "X's daily update", "data from X"."""
    if _is_reporting_noun(token, lexicon):
        owner = _noun_owner(token)
        if owner is not None:
            return owner
    return token


def _is_reporting_noun(token: Token, lexicon: Lexicon) -> bool:
    """ "the ministry's update" is a reporting noun; "the US Geological Survey" is a name."""
    if token.pos_ == "PROPN" or token.ent_type_ in SOURCE_ENTITY_LABELS:
        return False
    return token.lemma_.lower() in lexicon.reporting_nouns or token.lower_ in lexicon.reporting_nouns


def _noun_owner(noun: Token) -> Token | None:
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "acl":
            for grandchild in child.children:
                if grandchild.dep_ == "agent":
                    objects = [g for g in grandchild.children if g.dep_ == "pobj"]
                    if objects:
                        return objects[0]
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
    for child in noun.children:
        if child.dep_ == "compound" and child.ent_type_ in SOURCE_ENTITY_LABELS:
            return child
    return None


def _cue_words(verb: Token, via: Token) -> str:
    """The verb as written, with the preposition that leads to the figure: "hinted at"."""
    if via.dep_ == "prep" and via.head.i == verb.i and via.lower_ in ("at", "to", "of"):
        if via.i > verb.i + 1 and via.i - verb.i <= 4:
            return verb.doc[verb.i : via.i + 1].text
        return f"{verb.text} {via.text}"
    return verb.text


def _contains(token: Token, other: Token) -> bool:
    return token.left_edge.i <= other.i <= token.right_edge.i


def _make(source: Token, cue: str, lexicon: Lexicon, *, forecast: bool = False) -> Attribution:
    doc = source.doc
    words = _contiguous([t for t in source.subtree if not _dropped(t, source)], source)
    words = _trim(words)
    first = [t for t in words if not _in_coordination(t, source)]
    first = _trim(first)
    words, first = _whole_name(words, source), _whole_name(first, source)
    if source.dep_ in ("compound", "nmod") and source.head.i > source.i:
        # The owner named in front of a reporting noun ("a Harbor Times/Keystone Research poll") is
        # every name in front of it, not the first word only.
        words = first = _trim([t for t in doc[source.left_edge.i : source.head.i] if t.dep_ != "det"])
    label = source.ent_type_ or None
    pointer = None
    lower = source.lower_
    if source.pos_ == "PRON":
        pointer = "person" if lower in lexicon.person_pronouns else "group"
    elif source.pos_ == "NOUN" and not any(t.pos_ == "PROPN" or t.ent_type_ for t in words):
        # "the ministry", "the agency" point back; "a network of monitors" and "local officials" are new.
        # "the latest data", "the figures": a plural report with "the" points back to the release named
        singular = source.tag_ == "NN" or _is_reporting_noun(source, lexicon)
        definite = any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in source.children)
        if singular and definite:
            pointer = "generic"
    text = doc[words[0].i : words[-1].i + 1].text if words else source.text
    name_text = doc[first[0].i : first[-1].i + 1].text if first else source.text
    forecast = forecast or _is_forecast(cue, words, lexicon)
    return Attribution(
        text=text,
        name_text=name_text,
        label=label,
        cue=cue,
        head_lower=source.lemma_.lower(),
        pointer=pointer,
        token_index=source.i,
        start=words[0].i if words else source.i,
        end=words[-1].i + 1 if words else source.i + 1,
        person=pointer == "person" or is_person(source, first or [source], lexicon),
        forecast=forecast,
    )


def is_person(source: Token, words: list[Token], lexicon: Lexicon) -> bool:
    """One person speaks: a PERSON entity; a singular title as the head ("the Civil Defense spokesman");
    a title before a name ("Chancellor Olaf Scholz"); or a name the article gives a person elsewhere
    ("Kateryna Holub ... Holub said", however the entity recogniser labelled the second mention)."""
    if source.ent_type_ == "PERSON":
        return True
    if source.pos_ == "NOUN":
        before = source.doc[source.i - 1].lower_ if source.i > 0 else ""
        titles = {source.lemma_.lower(), f"{before} {source.lower_}"}
        return source.tag_ == "NN" and bool(titles & lexicon.person_nouns)
    if source.pos_ != "PROPN":
        return False
    if source.lower_ in lexicon.agent_nouns:
        return False  # "the General Staff", "the Armed Forces": an institution, titled or not
    if any(t.i < source.i and t.lower_ in lexicon.person_nouns for t in words):
        return True
    if len(words) > 1 and source.ent_type_ not in ("", "PERSON", "GPE"):
        return False  # "the Gaza Health Ministry": an organization's name
    return source.text in person_names(source.doc, lexicon)


def person_names(doc, lexicon: Lexicon) -> frozenset[str]:
    """The surnames of the people the article names: PERSON entities, and proper names after a title
    ("Attorney-General Mark Dreyfus"), which the entity recogniser often takes for an organization."""
    cached = doc.user_data.get("person_names")  # a list: user_data must stay serializable
    if cached is None:
        names = {e[-1].text for e in doc.ents if e.label_ == "PERSON"}
        for token in doc[:-1]:
            if token.lower_ in lexicon.person_nouns and doc[token.i + 1].pos_ == "PROPN":
                end = token.i + 1
                while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and end - token.i < 3:
                    end += 1
                names.add(doc[end].text)
        cached = doc.user_data["person_names"] = sorted(names)
    return frozenset(cached)


def _is_forecast(cue: str, words: list[Token], lexicon: Lexicon) -> bool:
    """ "economists expected", "had forecast", "according to consensus estimates": an expectation."""
    verb = cue.split()[0].lower() if cue else ""
    if any(verb.startswith(lemma.removesuffix("e")) for lemma in lexicon.forecast_verbs):
        return True
    return any(t.lower_ in lexicon.forecast_nouns for t in words)


def _whole_name(words: list[Token], source: Token) -> list[Token]:
    """A source inside an organization's name is the whole name: "the Committee to Protect Journalists"
    is not "the Committee"."""
    entity = entity_containing(source.doc, source.i)  # not a scan of doc.ents: quadratic on long articles
    if entity is None or entity.label_ not in ("ORG", "FAC") or not words:
        return words
    if entity.start >= words[0].i and entity.end <= words[-1].i + 1:
        return words
    if entity.start < words[0].i - 1 or entity.end > words[-1].i + 1 + 8:
        return words
    start, end = min(words[0].i, entity.start), max(words[-1].i + 1, entity.end)
    return list(source.doc[start:end])


def _dropped(token: Token, source: Token) -> bool:
    """Relative clauses and punctuation at the edges are not part of the source's name."""
    for ancestor in [token, *token.ancestors]:
        if ancestor.i == source.i:
            return False
        if ancestor.dep_ in DROP_DEPS and ancestor.head.i == source.i and ancestor.dep_ != "punct":
            return True
    return False


def _in_coordination(token: Token, source: Token) -> bool:
    for ancestor in [token, *token.ancestors]:
        if ancestor.i == source.i:
            return False
        if ancestor.head.i == source.i and ancestor.dep_ in ("conj", "cc"):
            return True
    return False


def _contiguous(words: list[Token], source: Token) -> list[Token]:
    """The unbroken run of `words` around the source: what a dropped clause cut off stays off."""
    indices = {t.i for t in words}
    start = end = source.i
    while start - 1 in indices:
        start -= 1
    while end + 1 in indices:
        end += 1
    return [t for t in words if start <= t.i <= end]


def _trim(words: list[Token]) -> list[Token]:
    while words and (words[-1].is_punct or words[-1].is_space or words[-1].dep_ == "cc"):
        words = words[:-1]
    while words and (words[0].is_punct or words[0].is_space or words[0].dep_ == "cc"):
        words = words[1:]
    return words
