"""Word lists for attribution: reporting verbs (cues), titles, roles, pronouns and first names.

Written by hand from general English usage; the verb forms are generated, so a lemma added to
`CUE_LEMMAS` is matched as says/said/saying/... without a lemmatizer in the pipeline.
"""
from __future__ import annotations

# Reporting, belief and stance verbs that introduce what someone said or holds.
SPEECH = """
say tell add note write ask argue report announce claim explain insist declare state warn urge
remark reply respond recall predict promise vow pledge deny confirm reveal tweet post complain
contend maintain observe mention comment caution concede assert assure stress emphasize emphasise
underline underscore acknowledge admit agree disagree allege testify told quip joke boast brag
charge counter retort suggest propose recommend continue conclude estimate indicate describe call
criticize criticise praise accuse blame defend dismiss reject question challenge demand order
threaten pledge vow predict forecast speculate hint imply signal acknowledge concur lament bemoan
decry denounce condemn slam blast attack mock tout hail welcome applaud thank credit cite quote
insist reiterate repeat echo stress confide disclose divulge inform notify advise brief instruct
answer respond reply rebut refute dispute contradict correct clarify elaborate explain specify
declare proclaim announce publish broadcast shout yell scream cry whisper mutter exclaim
acknowledge recognize recognise admit concede confess grant allow opine muse wonder ponder
point write text email message telegraph tweet blog
voice reaffirm chide assail reference invoke recount pronounce articulate herald preach disavow rebuff coin
promote chant posit interject remind plead protest envision foresee contemplate deem rail lash balk
hammer scold reprimand castigate lambaste excoriate berate belittle scoff vent gush marvel surmise utter
allude vouch renounce float recite
"""
COGNITION = """
believe think feel consider expect hope fear worry doubt suspect know understand assume presume
guess reckon figure imagine anticipate want wish prefer intend plan seek decide conclude find
learn realize realise recognize recognise see view regard insist convince persuade
"""
EVIDENCE = "show find reveal indicate suggest conclude estimate project predict"

# Adjectives/participles that cue a belief with a copula: "is convinced that", "was adamant that".
CUE_ADJECTIVES = frozenset("convinced certain sure confident adamant optimistic hopeful aware confident "
                           "skeptical sceptical concerned worried afraid clear".split())

# Cues whose object is what was said or held ("called him a fraud", "denied the report",
# "declined to comment"); chosen for how often such a use reports a stance in news text.
OBJECT_CUES = frozenset("""
call criticize criticise praise accuse blame defend deny dismiss reject question challenge endorse thank
compare liken describe mention cite refer discuss express tout applaud boast mock slam blast denounce
condemn decry lament congratulate apologize apologise propose promise pledge vow offer urge warn suggest
announce publish report tweet reiterate echo highlight detail outline identify estimate predict declare
insist explain note recall acknowledge admit confirm reveal assert emphasize emphasise stress remark
decline refuse seek demand threaten credit hail welcome recommend rule rate label brand dub characterize
characterise portray deride ridicule scold chastise rebuke fault attack lambast respond complain dispute
point charge observe admire support back oppose favor favour embrace champion advocate push press downplay
doubt disclose share retweet release issue list talk speak slam blast rip knock hit trash swipe target debunk
voice reaffirm chide assail reference invoke recount pronounce articulate herald preach disavow rebuff coin
chant deem rail lash balk
reprimand castigate lambaste excoriate berate belittle utter renounce comment bemoan recite
""".split())

# Verbs that only report a statement with a clause after them ("found that ...", "knows that ...").
CLAUSAL_ONLY = frozenset("""
see know find feel learn realize realise recognize recognise understand view regard consider decide want
wish prefer intend plan expect hope fear worry doubt suspect assume presume guess reckon figure imagine
anticipate show agree continue allow grant answer wonder persuade convince project correct message text
email indicate conclude believe think signal hint imply order
""".split())

CUE_LEMMAS = frozenset((SPEECH + COGNITION + EVIDENCE).split()) | OBJECT_CUES

_IRREGULAR = {
    "say": ["says", "said", "saying"], "tell": ["tells", "told", "telling"], "write": ["writes", "wrote",
    "written", "writing"], "think": ["thinks", "thought", "thinking"], "feel": ["feels", "felt", "feeling"],
    "know": ["knows", "knew", "known", "knowing"], "find": ["finds", "found", "finding"], "see": ["sees",
    "saw", "seen", "seeing"], "understand": ["understands", "understood", "understanding"], "forecast":
    ["forecasts", "forecasting", "forecasted"], "broadcast": ["broadcasts", "broadcasting"], "learn":
    ["learns", "learned", "learnt", "learning"], "seek": ["seeks", "sought", "seeking"], "teach": ["taught"],
    "swear": ["swore", "sworn"], "speak": ["spoke", "spoken"], "shout": ["shouts", "shouted", "shouting"],
    "quip": ["quips", "quipped", "quipping"], "admit": ["admits", "admitted", "admitting"], "refer":
    ["refers", "referred", "referring"], "regret": ["regrets", "regretted"], "text": ["texts", "texted",
    "texting"], "testify": ["testifies", "testified", "testifying"], "cry": ["cries", "cried", "crying"],
    "reply": ["replies", "replied", "replying"], "deny": ["denies", "denied", "denying"], "imply":
    ["implies", "implied", "implying"], "specify": ["specifies", "specified"], "clarify": ["clarifies",
    "clarified", "clarifying"], "signal": ["signals", "signaled", "signalled", "signaling", "signalling"],
    "plan": ["plans", "planned", "planning"], "prefer": ["prefers", "preferred", "preferring"],
    "concur": ["concurs", "concurred"], "rebut": ["rebuts", "rebutted"], "brag": ["brags", "bragged"],
    "confide": ["confides", "confided"], "dispute": ["disputes", "disputed", "disputing"],
    "decide": ["decides", "decided", "deciding"], "refute": ["refutes", "refuted"],
}
SPEECH_NOUNS_WITH_TO = frozenset({"according"})


def _forms(lemma: str) -> list[str]:
    if lemma in _IRREGULAR:
        return [lemma] + _IRREGULAR[lemma]
    if lemma.endswith("e"):
        return [lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"]
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return [lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"]
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return [lemma, lemma + "es", lemma + "ed", lemma + "ing"]
    return [lemma, lemma + "s", lemma + "ed", lemma + "ing"]


FORM_TO_LEMMA: dict[str, str] = {}
for _lemma in sorted(CUE_LEMMAS):
    for _f in _forms(_lemma):
        FORM_TO_LEMMA.setdefault(_f, _lemma)

PRONOUNS_MALE = frozenset("he him his himself".split())
PRONOUNS_FEMALE = frozenset("she her hers herself".split())
PRONOUNS_PLURAL = frozenset("they them their theirs themselves".split())
PRONOUNS_NEUTER = frozenset("it its itself".split())
PRONOUNS_FIRST = frozenset("i me my mine myself we us our ours ourselves".split())
PRONOUNS = PRONOUNS_MALE | PRONOUNS_FEMALE | PRONOUNS_PLURAL | PRONOUNS_NEUTER | PRONOUNS_FIRST | {"you", "who"}

# Honorifics and titles that precede a name; stripped from names, kept as descriptors.
HONORIFICS_MALE = frozenset("mr mr. sir lord".split())
HONORIFICS_FEMALE = frozenset("mrs mrs. ms ms. miss madam lady dame".split())
HONORIFICS = HONORIFICS_MALE | HONORIFICS_FEMALE | frozenset(
    "dr dr. prof prof. professor rev rev. reverend fr fr. hon hon. sen sen. rep rep. gov gov. gen gen. "
    "col col. lt lt. sgt sgt. capt capt. adm adm. cmdr judge justice president vice senator governor "
    "representative congressman congresswoman mayor secretary minister premier chancellor king queen "
    "prince princess pope general colonel captain ambassador speaker chairman chairwoman director "
    "commissioner sheriff attorney deputy assistant chief former acting then late councillor councilor councilman "
    "councilwoman alderman assemblyman assemblywoman chancellor treasurer auditor comptroller".split())

# Role nouns that a description can be headed by ("the head of state", "the candidate").
ROLE_NOUNS = frozenset("""
president leader head chief candidate nominee senator governor congressman congresswoman representative
mayor secretary minister premier chancellor spokesman spokeswoman spokesperson official officer adviser
advisor aide strategist manager chairman chairwoman chair director founder executive ceo businessman
businesswoman billionaire mogul judge justice attorney lawyer prosecutor general commander ambassador
diplomat envoy lawmaker legislator politician democrat republican independent nominee contender hopeful
host anchor moderator reporter columnist author writer economist analyst scientist researcher professor
expert doctor physician pollster activist organizer campaigner speaker sheriff commissioner negotiator
king queen prince princess pope bishop cleric imam rabbi pastor priest monarch dictator strongman
incumbent challenger frontrunner front-runner runner-up mate wife husband daughter son mother father
brother sister widow actor actress singer star player coach owner investor banker
""".split())

ORG_NOUNS = frozenset("""
newspaper paper magazine network channel agency administration government ministry department campaign
committee company firm bank corporation group organization organisation union party council court
commission bureau office service center centre institute foundation association alliance coalition
board team house senate congress parliament legislature panel fund university college school
hospital police military army navy embassy state city county country nation kremlin pentagon
white-house caucus movement network outlet publication site website poll study report survey
""".split())

# Roles that are interchangeable when matching a description to a person's titles.
ROLE_SYNONYMS = [
    {"president", "leader", "head", "chief", "head of state", "head-of-state"},
    {"candidate", "nominee", "contender", "hopeful", "standard-bearer"},
    {"senator", "sen", "lawmaker", "legislator"},
    {"congressman", "congresswoman", "representative", "rep", "lawmaker", "legislator"},
    {"governor", "gov"},
    {"spokesman", "spokeswoman", "spokesperson", "press secretary"},
    {"adviser", "advisor", "aide", "strategist"},
    {"chairman", "chairwoman", "chair", "head", "leader"},
    {"ceo", "executive", "chief", "head", "boss"},
    {"businessman", "businesswoman", "billionaire", "mogul", "developer", "tycoon"},
    {"secretary", "minister"},
    {"prime minister", "premier", "pm", "leader", "head of government"},
    {"judge", "justice", "jurist"},
    {"lawyer", "attorney", "counsel"},
    {"wife", "spouse", "ex-wife"},
    {"husband", "spouse", "ex-husband"},
    # a title and its abbreviation: "Gen. Norman Ham" is "the retired general"
    {"general", "gen"}, {"colonel", "col"}, {"lieutenant", "lt"}, {"sergeant", "sgt"}, {"captain", "capt"},
    {"admiral", "adm"}, {"professor", "prof"}, {"doctor", "dr"}, {"reverend", "rev"},
]

# Common given names by gender (US/UK/European usage) for pronoun agreement.
_AMBIGUOUS_NAMES = frozenset("kim jamie pat lee terry leslie jackie robin dana jo clinton lindsey jesse "
                             "kelly sidney francis carol jean hope".split())
MALE_NAMES = frozenset("""
aaron abdul abraham adam adrian ahmed al alan albert alec alejandro aleksandr alex alexander alexei alfred
ali allen alvin amir andre andrew andy angus anthony antonio arnold arthur ashton austin barack barry
ben benjamin bernard bernie bill billy bob bobby boris brad bradley brendan brett brian bruce bryan
byron cal calvin carl carlos cecil chad charles charlie chris christian christopher chuck clarence
clark claude clay clint clinton cody colin conor craig curtis dale dan daniel danny darrell darren
dave david dean dennis derek devin dick dirk dmitry dominic don donald doug douglas duncan dustin dwight
earl ed eddie edgar edward edwin elijah elliot emmanuel eric erik ernest ethan eugene evan felix
fernando francis francisco frank franklin fred frederick gabriel gary gavin gene geoff geoffrey george
gerald gerard gordon graham grant greg gregory guy hakeem hal hank harold harry harvey hassan hector
henry herbert herman howard hugh hugo hunter ian igor isaac ivan jack jacob jake james jamie jared jason
javier jay jeb jeff jefferson jeffrey jeremy jerome jerry jesse jim jimmy joe joel john johnny jon
jonathan jorge jose joseph josh joshua juan julian justin karl keith ken kenneth kevin kim kirk kurt
kyle lamar lance larry lawrence lee leon leonard leroy lindsey lloyd louis luis luke malcolm marco
marcus mario mark marshall martin marvin matt matthew maurice max maxwell melvin michael miguel mike
miles mitch mitchell mohammed muhammad nathan neil nicholas nick nigel noah norman oliver omar orrin
oscar otto owen pablo pat patrick paul pedro pete peter phil philip pierre rahm ralph ramon randall
randy ray raymond reggie reince rex ricardo richard rick rob robby robert roberto rod rodney roger
roland ron ronald ross roy ruben rudy rudolph rupert russell ryan sam samuel scott sean sergei sergey
seth shawn sherrod sidney simon stanley stephen steve steven stuart ted terrence terry theodore thomas
tim timothy toby todd tom tommy tony travis trent trey troy tyler vernon victor vince vincent vladimir
wade walter warren wayne wesley will william willie xavier yuri zach zachary jeh reid mitt newt rand
marco beto rudy mo rush sean tucker anderson wolf lester chuck elijah cory
""".split())
FEMALE_NAMES = frozenset("""
abby abigail ada adele adriana agnes aileen alexandra alexis alice alicia alison allison alyssa amanda
amber amelia amy ana andrea angela angelina angie anita ann anna anne annie april arlene ashley audrey
ayanna barbara beatrice becky belinda beth betsy betty beverly bonnie brenda bridget brittany brooke
camila candice cara carla carly carmen carol caroline carolyn carrie cassandra catherine cathy cecilia
charlotte chelsea cheryl chloe christina christine cindy claire clara claudia colleen connie courtney
crystal cynthia daisy dana danielle darlene dawn debbie deborah debra denise diana diane dianne dolores
donna doris dorothy edith eileen elaine eleanor elena elise eliza elizabeth ella ellen emily emma erica
erin esther ethel eva evelyn faith felicia fiona frances gabrielle gail gina gloria grace gretchen gwen
hannah harriet hazel heather heidi helen hilary hillary holly hope huma ida ilhan irene iris isabel
isabella ivanka jackie jacqueline jane janet janice jasmine jean jeanne jen jennifer jenny jessica jill
jo joan joanne jodi jodie josephine joy joyce judith judy julia julie june karen karla kate katherine
kathleen kathryn kathy katie katrina kay kayla kelly kellyanne kim kimberly kirsten kristen kristin laura
lauren leah lena leslie lillian lily linda lisa liz loretta lori lorraine louise lucy lydia lynn madeleine
madeline maggie mandy margaret maria marie marilyn marina marjorie marsha martha mary maureen maxine
megan megyn melania melanie melinda melissa meredith mia michele michelle mildred miranda molly monica
nancy naomi natalie natasha nicole nikki nina nora norma olivia pam pamela patricia patty paula pauline
peggy penny phyllis priscilla rachel rebecca regina renee rhonda rita roberta robin rosa rose rosemary
ruth sabrina sally samantha sandra sara sarah sharon sheila shelley shirley sonia sophia stacey
stephanie sue susan suzanne sylvia tamara tammy tanya tara teresa terri theresa tiffany tina tracy
ursula valerie vanessa vera veronica vicki victoria virginia wanda wendy whitney yvonne zoe debbie
dana donna tulsi kamala jill nikki condoleezza hope katrina gennifer paula kathleen marsha
""".split()) - _AMBIGUOUS_NAMES

# Plural nouns for groups that speak as one ("Twenty-seven states ... They argue that ..."): people and
# collective bodies, so "they" may stand for them; not "polls", "videos" or "results", and not fractions.
SPEAKING_GROUPS = frozenset("""
officials leaders lawmakers legislators senators representatives members aides advisers advisors staffers
supporters opponents critics proponents advocates activists protesters protestors demonstrators voters
residents citizens americans people experts analysts economists scientists researchers doctors lawyers
attorneys prosecutors investigators officers police authorities agents democrats republicans conservatives
liberals progressives environmentalists delegates donors allies candidates rivals executives employees
workers parents students teachers veterans farmers organizers organisers observers commentators pundits
strategists pollsters diplomats ministers governors mayors judges justices states countries nations
governments groups organizations organisations companies firms unions agencies banks campaigns parties
insurers lenders airlines universities hospitals cities counties districts plaintiffs petitioners
defendants spokesmen spokespeople sources insiders operatives backers evangelicals
""".split())
