"""Who says so: the attribution of a figure inside its sentence, from the dependency parse.

Three shapes cover most news prose: a prepositional cue ("according to X"), a reporting verb with its
subject or agent ("X said", "X hinted at", "figures released by X"), and a reporting noun with its owner
("X's daily update"). Sources that only point back ("he", "the ministry") are resolved later, against the
article's earlier sources, by the tagger.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from extractor.nlp.lexicon import Lexicon
from extractor.nlp.source_words import (
    SOURCE_ENTITY_LABELS,
    Attribution,
    is_reporting_noun,
    make_attribution,
)

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
CLAUSE_DEPS = frozenset({"parataxis", "ccomp", "advcl", "conj", "xcomp"})
TIME_MARKS = frozenset({"when", "after", "before", "since", "until", "till", "once", "while", "as"})
MODALS = frozenset({"may", "might", "could", "will", "would", "should", "shall", "can"})




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
            return make_attribution(source, verb.text, lexicon)
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
    if owner is None or not (is_agent(owner, lexicon) or is_reporting_noun(owner, lexicon)):
        return None
    if not any(t.dep_ == "ccomp" or t.is_quote for t in root.children) and root.i - sent.start < 3:
        return None
    return make_attribution(owner, root.text, lexicon)


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
                return make_attribution(_owner(objects[0], lexicon), " ".join(w.text for w in words), lexicon)
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
                return make_attribution(source, _cue_words(ancestor, via), lexicon)
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
    return not any(is_reporting_noun(t, lexicon) or t.lemma_.lower() == "total" for t in via.subtree)


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
                return make_attribution(source, f"{child.text} by", lexicon)
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
                    return make_attribution(source, child.text, lexicon)
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
        if ancestor.pos_ == "NOUN" and is_reporting_noun(ancestor, lexicon):
            owner = _noun_owner(ancestor)
            if owner is not None:
                cue = (
                    " ".join(t.text for t in ancestor.lefts if t.dep_ in ("amod", "compound"))
                    + " "
                    + ancestor.text
                )
                return make_attribution(owner, cue.strip(), lexicon)
    return None


def _revised_report(number: Token, lexicon: Lexicon) -> Attribution | None:
    """ "the bank has lowered its inflation forecast to 3.4%", "officials raised the death toll to 50": the
    figure is the new value of a report that the clause's subject (or the report's owner) revises."""
    verb = next((a for a in number.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    report = next(
        (c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and is_reporting_noun(c, lexicon)),
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
    return make_attribution(owner, verb.text, lexicon, forecast=forecast)


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
        return any(c.dep_ == "dobj" and is_reporting_noun(c, lexicon) for c in token.children)
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
            if is_agent(owner, lexicon) or is_reporting_noun(owner, lexicon):
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
    if is_reporting_noun(token, lexicon):
        owner = _noun_owner(token)
        if owner is not None:
            return owner
    return token




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

















