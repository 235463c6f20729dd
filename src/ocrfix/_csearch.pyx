# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""The paragraph decoder's beam search, compiled: :func:`ocrfix.decode._search`
with its hypotheses in C structs instead of Python tuples.

It takes the same arguments and returns the same hypotheses, path nodes
included, so everything around the search (confidences, windows, barred
and forced decodings) is shared with the Python search. Every score is
computed with the same floating-point operations in the same order, and
ties are broken as Python's stable ``sorted`` breaks them (the order in
which hypotheses first reached a key), so the two return the same decoding
to the last bit; ``tests/test_compiled_search.py`` holds them to it. Read
the Python search (``decode._search``) for what each step means: this
file follows it statement by statement and names what it mirrors.

KenLM transitions are read by the document's ``decode._Transitions``
state ids from a C hash map kept beside that table (it lives and is
started over with the table); a transition the map does not hold is scored
by KenLM here and its new state interned in the table, as
``_Transitions.step`` does.
"""

from cpython.ref cimport PyObject
from libc.stdint cimport uint32_t, uint64_t
from libc.stdlib cimport free, malloc, qsort, realloc
from libc.string cimport memset

cdef extern from *:
    """
    #include <string.h>
    static inline unsigned long long ocrfix_double_bits(double x) {
        unsigned long long u; x += 0.0; memcpy(&u, &x, sizeof u); return u;
    }
    """
    unsigned long long ocrfix_double_bits(double x) nogil


cdef object D = None  # ocrfix.decode, imported on first use (it imports this module)


cdef inline void _bind():
    global D
    if D is None:
        from . import decode
        D = decode


# -- tokens and KenLM transitions ---------------------------------------------------------

cdef dict _TOKEN_IDS = {}  # token -> small int, for the process (characters and <num>/<lat>/<unk>)
cdef list _TOKENS = []


cdef int _BMP_IDS[65536]  # a one-character token of the BMP -> its id + 1 (0: not yet seen)


cdef inline int _token_id(str token) except -1:
    cdef Py_UCS4 c = token[0] if len(token) == 1 else 65536  # (65536: not a BMP character alone)
    if c < 65536 and _BMP_IDS[c]:
        return _BMP_IDS[c] - 1  # (a page's characters: no hashing of new string objects)
    cdef object found = _TOKEN_IDS.get(token)
    if found is None:
        found = _TOKEN_IDS[token] = len(_TOKENS)
        _TOKENS.append(token)
    if c < 65536:
        _BMP_IDS[c] = <int>found + 1
    return <int>found


cdef struct _Entry:
    uint64_t key  # key + 1 (0: empty)
    double prob
    int next


cdef class TransitionMap:
    """``table.succ`` as an open-addressing C hash map: (state id, token id)
    -> (log10 p, next state id). Belongs to one ``_Transitions`` table.
    A key and its values share one entry: a hit reads one cache line (the
    map of a full table is tens of MB, far past the CPU's caches)."""

    cdef _Entry* entries
    cdef Py_ssize_t mask, used
    cdef int shift
    cdef object table
    cdef object score, new_state  # the table's KenLM BaseScore and kenlm.State
    cdef list states
    cdef dict ids

    def __cinit__(self, table):
        self.table = table
        self.score, self.new_state = table._score, table._state
        self.states, self.ids = table.states, table.ids
        self.used = 0
        self._alloc(1 << 15)

    cdef void _alloc(self, Py_ssize_t cap) except *:
        self.entries = <_Entry*>malloc(cap * sizeof(_Entry))
        if not self.entries:
            raise MemoryError()
        memset(self.entries, 0, cap * sizeof(_Entry))
        self.mask = cap - 1
        self.shift = 64
        while cap > 1:
            cap >>= 1
            self.shift -= 1

    def __dealloc__(self):
        free(self.entries)

    cdef inline Py_ssize_t _slot(self, uint64_t key) noexcept nogil:
        cdef Py_ssize_t s = <Py_ssize_t>((key * <uint64_t>11400714819323198485ULL) >> self.shift)
        while self.entries[s].key != 0 and self.entries[s].key != key:
            s = (s + 1) & self.mask
        return s

    cdef void _grow(self) except *:
        cdef _Entry* entries = self.entries
        cdef Py_ssize_t cap = self.mask + 1, k, s
        self._alloc(cap * 2)
        for k in range(cap):
            if entries[k].key:
                s = self._slot(entries[k].key)
                self.entries[s] = entries[k]
        free(entries)

    cdef int step(self, int sid, int tid, double* p) except -1:
        """The next state after token ``tid`` from state ``sid``; its log10 p in ``p``."""
        cdef uint64_t key = (((<uint64_t>sid) << 32) | <uint32_t>tid) + 1
        cdef Py_ssize_t s = self._slot(key)
        if self.entries[s].key == key:
            p[0] = self.entries[s].prob
            return self.entries[s].next
        # decode._Transitions.step, without writing its succ (KenLM scores a
        # transition alike every time: the Python search reads it there anew)
        table = self.table
        state = self.new_state()
        prob = self.score(self.states[sid], _TOKENS[tid], state)
        found = self.ids.get(state)
        if found is None:
            found = table.intern(state)
        table.size += 1
        # (found again: the Python calls above may have let another thread
        # grow the map; from here on nothing runs Python until it is written)
        if (self.used + 1) * 2 > self.mask + 1:
            self._grow()
        s = self._slot(key)
        if self.entries[s].key == key:
            p[0] = self.entries[s].prob
            return self.entries[s].next
        self.entries[s].key = key
        self.entries[s].prob = prob
        self.entries[s].next = found
        self.used += 1
        p[0] = self.entries[s].prob
        return self.entries[s].next


cdef TransitionMap _map_for(table):
    fast = table.fast
    if fast is None:
        fast = table.fast = TransitionMap(table)
    return <TransitionMap>fast


# -- what the search reads at each gap ------------------------------------------------------

cdef class _Paragraph:
    """``decode._paragraph_plan``'s statics as C arrays (gap i: 0..n)."""

    cdef object shared
    cdef int n
    cdef int* token  # token id at gap i (-1: none, the paragraph's end)
    cdef double* cells
    cdef double* open_bonus
    cdef char* has_ws
    cdef char* junction
    cdef char* is_quote
    cdef char* breaker
    cdef char* proposed  # prop_i is not None
    cdef char* prop_true  # prop_i is a non-empty dict
    cdef char* ends  # tokens[k] in SENTENCE_END
    cdef char* hangs  # tokens[k] in NO_LINE_START
    cdef int* han  # han_before
    cdef int* words  # words_before
    cdef int* nums  # <num> tokens before atom k
    cdef list strs  # token strings at gap i (None at the end)
    cdef list plans  # the plan each gap's options had last (see _Paragraph.plan)
    cdef bint plans_silent  # the silent_ok they were made with
    cdef signed char* everyday  # decode._everyday(tokens, k, k + d) at [4 * k + d], d <= 3 (-1: not yet read)

    cdef bint is_everyday(self, int opened, int i) except -1:
        """``decode._everyday(tokens, opened, i)`` for ``0 <= i - opened <= 3``,
        read once per paragraph."""
        cdef Py_ssize_t k = 4 * opened + (i - opened)
        if self.everyday[k] < 0:
            self.everyday[k] = bool(D._everyday(self.shared[0], opened, i))
        return self.everyday[k]

    cdef _Plan plan(self, int i, options, bint silent_ok):
        """:func:`_plan_for` gap ``i``'s ``options``, remembered per gap: a
        paragraph's searches mostly pass the same options again."""
        if silent_ok != self.plans_silent:
            self.plans = [None] * (self.n + 1)
            self.plans_silent = silent_ok
        cdef _Plan plan = self.plans[i]
        if plan is None or plan.options is not options:
            plan = self.plans[i] = _plan_for(options, self.has_ws[i], self.proposed[i], silent_ok)
        return plan

    def __cinit__(self, shared, int n):
        self.shared = shared
        self.n = n
        cdef Py_ssize_t m = n + 1
        self.token = <int*>malloc(m * sizeof(int))
        self.cells = <double*>malloc(m * sizeof(double))
        self.open_bonus = <double*>malloc(m * sizeof(double))
        self.has_ws = <char*>malloc(m)
        self.junction = <char*>malloc(m)
        self.is_quote = <char*>malloc(m)
        self.breaker = <char*>malloc(m)
        self.proposed = <char*>malloc(m)
        self.prop_true = <char*>malloc(m)
        self.ends = <char*>malloc(m)
        self.hangs = <char*>malloc(m)
        self.han = <int*>malloc(m * sizeof(int))
        self.words = <int*>malloc(m * sizeof(int))
        self.nums = <int*>malloc(m * sizeof(int))
        self.everyday = <signed char*>malloc(4 * m)
        if self.everyday:
            memset(self.everyday, -1, 4 * m)
        if not (self.everyday and self.token and self.cells and self.open_bonus and self.has_ws and self.junction and self.is_quote
                and self.breaker and self.proposed and self.prop_true and self.ends and self.hangs and self.han
                and self.words and self.nums):
            raise MemoryError()

    def __dealloc__(self):
        free(self.token)
        free(self.cells)
        free(self.open_bonus)
        free(self.has_ws)
        free(self.junction)
        free(self.is_quote)
        free(self.breaker)
        free(self.proposed)
        free(self.prop_true)
        free(self.ends)
        free(self.hangs)
        free(self.han)
        free(self.words)
        free(self.nums)
        free(self.everyday)


cdef _Paragraph _paragraph(shared, int n):
    tokens, han_before, words_before, _, statics = shared
    cdef _Paragraph para = _Paragraph(shared, n)
    cdef int i
    sentence_end, no_line_start, num = D.SENTENCE_END, D.NO_LINE_START, D.NUM
    para.strs = []
    para.plans = [None] * (n + 1)
    para.plans_silent = False
    count = 0
    for i in range(n + 1):
        has_ws, junction, token, cells, is_quote_token, breaker, prop_i, open_bonus = statics[i]
        para.token[i] = -1 if token is None else _token_id(token)
        para.strs.append(token)
        para.cells[i] = cells
        para.open_bonus[i] = open_bonus
        para.has_ws[i] = bool(has_ws)
        para.junction[i] = bool(junction)
        para.is_quote[i] = is_quote_token  # 0, or 1 + the kept marks' quote state (decode._paragraph_plan)
        para.breaker[i] = bool(breaker)
        para.proposed[i] = prop_i is not None
        para.prop_true[i] = bool(prop_i)
        para.han[i] = han_before[i]
        para.words[i] = words_before[i]
        para.nums[i] = count
        if i < n:
            tok = tokens[i]
            para.ends[i] = tok in sentence_end
            para.hangs[i] = tok in no_line_start
            count += tok == num
        else:
            para.ends[i] = para.hangs[i] = 0
    return para


cdef class _Closing:
    """``decode._search``'s ``closing()``: what closing a quotation earns."""

    cdef object proposals, tokens
    cdef _Paragraph para
    cdef double short_span, short_pair, no_han, everyday
    cdef double term_forms[3]
    cdef double speech_forms[3]
    cdef bint need_trace

    def __cinit__(self, proposals, _Paragraph para, shared, ch):
        self.proposals, self.para = proposals, para
        self.tokens = shared[0]
        self.short_span, self.short_pair = ch.short_span, ch.short_pair
        self.no_han, self.everyday = ch.no_han_quote, ch.everyday_quote
        # where drops mostly leave a space, fully silent pairs are rare
        self.need_trace = 10 ** ch.drop_nothing < 0.5
        for k in range(3):
            self.term_forms[k] = D.CLOSE_FORMS[False][k]
            self.speech_forms[k] = D.CLOSE_FORMS[True][k]

    cdef int add(self, double* score, int opened, bint silent, bint speech, int i, bint traced) except -1:
        """Add to ``score[0]`` what closing at gap ``i`` the quotation opened
        at gap ``opened`` earns; 0 where it may not close there.
        ``traced``: OCR left a space here."""
        cdef _Paragraph para = self.para
        cdef double term_bonus
        cdef int form
        prop = self.proposals.get(opened)
        bonus = prop.get(i) if prop else None
        if bonus is None and silent and not traced and not speech and self.need_trace:
            return 0  # where drops leave spaces, a quotation with no trace at either end needs a known term
        if bonus:
            term_bonus = bonus
            score[0] += term_bonus
        if i > 0:
            form = 0 if para.ends[i - 1] else 1 if para.ends[i] else 2  # (ends[n] is 0: no token there)
            score[0] += self.speech_forms[form] if speech else self.term_forms[form]
        if not speech and i - opened <= self.short_span:
            score[0] += self.short_pair
        if para.han[i] == para.han[opened] or (para.words[i] == para.words[opened] and para.nums[i] > para.nums[opened]):
            score[0] += self.no_han  # quoted digits or Latin alone are rare
        elif not speech and i - opened <= 3:
            # (decode._everyday, read once per paragraph: _Paragraph.is_everyday)
            if (para.is_everyday(opened, i) if i >= opened else D._everyday(self.tokens, opened, i)):
                score[0] += self.everyday  # an everyday word is seldom quoted
        return 1


cdef struct Choice:
    double cost
    double cells
    int q2
    int nmarks
    int marks[4]  # token ids of the marks it restores (at most 3: `”，“`)
    char opens
    char closes
    char speech
    char is_break
    PyObject* move  # the _Option (kept alive by the plan)


cdef class _Plan:
    """``decode._gap_plan``'s plan as C arrays."""

    cdef object options  # the compiled options it was made for
    cdef int fast  # -1: None, 0: False, 1: True
    cdef double fast_cost, fast_cells
    cdef PyObject* fast_move
    cdef object keep  # the Python plan: keeps every option alive
    cdef Choice* choices[3]
    cdef int counts[3]
    cdef char plain

    def __cinit__(self):
        self.choices[0] = self.choices[1] = self.choices[2] = NULL

    def __dealloc__(self):
        free(self.choices[0])
        free(self.choices[1])
        free(self.choices[2])


cdef dict _PLANS = {}


def cached_plans() -> int:
    """How many gap plans the compiled search keeps now (at most
    ``decode.PLANS_LIMIT`` + 1)."""
    return len(_PLANS)


cdef _Plan _plan_for(options, bint has_ws, bint proposed, bint silent_ok):
    key = (id(options), has_ws, proposed, silent_ok)
    cdef _Plan plan = _PLANS.get(key)
    if plan is not None and plan.options is options:
        return plan
    if len(_PLANS) > D.PLANS_LIMIT:
        _PLANS.clear()
    py = D._gap_plan(options, has_ws, proposed, silent_ok)
    _, fast, fast_option, by_q, plain, _ = py  # (rest: the choices after plain, read off by_q here)
    plan = _Plan()
    plan.options = options
    plan.keep = py
    plan.fast = -1 if fast is None else (1 if fast else 0)
    plan.fast_cost = fast_option.cost if fast_option is not None else 0.0
    plan.fast_cells = fast_option.cells if fast_option is not None else 0.0
    plan.fast_move = <PyObject*>fast_option
    plan.plain = plain is not None
    cdef int q, k, m
    cdef Choice* c
    for q in range(3):
        entries = by_q[q]
        plan.counts[q] = len(entries)
        plan.choices[q] = <Choice*>malloc(max(1, len(entries)) * sizeof(Choice))
        if not plan.choices[q]:
            raise MemoryError()
        for k, (q2, cost, opens, closes, ospeech, is_break, marks, ocells, move) in enumerate(entries):
            c = &plan.choices[q][k]
            c.q2 = q2
            c.cost = cost
            c.opens = opens
            c.closes = closes
            c.speech = ospeech
            c.is_break = is_break
            c.cells = ocells
            c.move = <PyObject*>move
            if len(marks) > 4:
                raise ValueError(f"an option restores {len(marks)} marks: at most 4 are compiled")
            c.nmarks = len(marks)
            for m in range(c.nmarks):
                c.marks[m] = _token_id(marks[m])
    _PLANS[key] = plan
    return plan


# -- the search --------------------------------------------------------------------------

cdef struct Node:
    double score
    double cells
    int sid
    int q
    int opened
    int lines
    int parent  # arena index of the node it extends (-1: the start's own parent)
    int gap
    char silent
    char speech
    PyObject* move  # its _Option, NULL at the start


cdef struct TokenStep:
    # the gap's token read after a hypothesis' own state, once for all its choices
    int sid
    double p
    bint have


cdef inline int _through(TransitionMap tmap, int sid, Choice* choice, int tid, TokenStep* tok, double* score) except -1:
    """The state after ``choice``'s marks and the gap's token (none where
    ``tid`` < 0) from state ``sid``, adding their log10 p to ``score[0]``,
    the marks' first."""
    cdef int mk
    cdef double p
    if choice.nmarks:
        for mk in range(choice.nmarks):
            sid = tmap.step(sid, choice.marks[mk], &p)
            score[0] += p
        if tid < 0:
            return sid
        sid = tmap.step(sid, tid, &p)
    else:
        if tid < 0:
            return sid
        if not tok.have:
            tok.sid = tmap.step(sid, tid, &tok.p)
            tok.have = True
        sid, p = tok.sid, tok.p
    score[0] += p
    return sid


cdef struct Ranked:
    double score
    int order


cdef int _by_score(const void* a, const void* b) noexcept nogil:
    # descending score, then first reached first: Python's stable sorted(reverse=True)
    cdef const Ranked* x = <const Ranked*>a
    cdef const Ranked* y = <const Ranked*>b
    if x.score > y.score:
        return -1
    if x.score < y.score:
        return 1
    return (x.order > y.order) - (x.order < y.order)


cdef class _Search:
    """One search's memory: its arena of kept nodes, and the hypotheses
    expanded at the current gap keyed as the Python search keys them."""

    cdef Node* arena
    cdef Py_ssize_t size, cap
    cdef Node* entries  # this gap's expansions, in the order their keys were first reached
    cdef Py_ssize_t count, entries_cap
    cdef int* slots  # key hash table: entry index + 1 (0: empty), with its generation
    cdef unsigned int* gens
    cdef unsigned int gen
    cdef Py_ssize_t slot_mask
    cdef Ranked* ranked
    cdef bint by_cells  # hypotheses are keyed by their cells too (a known width)

    def __cinit__(self):
        self.cap = 256
        self.arena = <Node*>malloc(self.cap * sizeof(Node))
        self.entries_cap = 256
        self.entries = <Node*>malloc(self.entries_cap * sizeof(Node))
        self.ranked = <Ranked*>malloc(self.entries_cap * sizeof(Ranked))
        self.slot_mask = 1023
        self.slots = <int*>malloc((self.slot_mask + 1) * sizeof(int))
        self.gens = <unsigned int*>malloc((self.slot_mask + 1) * sizeof(unsigned int))
        if not (self.arena and self.entries and self.ranked and self.slots and self.gens):
            raise MemoryError()
        memset(self.gens, 0, (self.slot_mask + 1) * sizeof(unsigned int))
        self.gen = 1
        self.size = self.count = 0

    def __dealloc__(self):
        free(self.arena)
        free(self.entries)
        free(self.ranked)
        free(self.slots)
        free(self.gens)

    cdef int push(self, Node* node) except -1:
        cdef Node* grown
        if self.size == self.cap:
            grown = <Node*>realloc(self.arena, 2 * self.cap * sizeof(Node))
            if not grown:
                raise MemoryError()
            self.arena = grown
            self.cap *= 2
        self.arena[self.size] = node[0]
        self.size += 1
        return <int>(self.size - 1)

    cdef void new_gap(self) except *:
        cdef Py_ssize_t k
        self.count = 0
        self.gen += 1
        if self.gen == 0:
            for k in range(self.slot_mask + 1):
                self.gens[k] = 0
            self.gen = 1

    cdef void _rehash(self) except *:
        cdef Py_ssize_t cap = (self.slot_mask + 1) * 2, k
        free(self.slots)
        free(self.gens)
        self.slots = <int*>malloc(cap * sizeof(int))
        self.gens = <unsigned int*>malloc(cap * sizeof(unsigned int))
        if not (self.slots and self.gens):
            raise MemoryError()
        memset(self.gens, 0, cap * sizeof(unsigned int))
        self.slot_mask = cap - 1
        self.gen = 1
        for k in range(self.count):
            self._place(<int>k)

    cdef inline Py_ssize_t _find(self, Node* key, double cells_key) noexcept nogil:
        """The slot of ``key``'s entry, or of the empty slot where it goes."""
        cdef Py_ssize_t s = <Py_ssize_t>((self._hash_key(key, cells_key) >> 20) & self.slot_mask)
        cdef Node* e
        while self.gens[s] == self.gen:
            e = &self.entries[self.slots[s] - 1]
            if (e.sid == key.sid and e.q == key.q and e.opened == key.opened and e.silent == key.silent
                    and e.speech == key.speech and self._cells_key(e) == cells_key):
                return s
            s = (s + 1) & self.slot_mask
        return s

    cdef inline double _cells_key(self, Node* e) noexcept nogil:
        return e.cells + 0.0 if self.by_cells else 0.0

    cdef inline uint64_t _hash_key(self, Node* e, double cells_key) noexcept nogil:
        cdef uint64_t h = <uint64_t>(<uint32_t>e.sid)
        h = h * 1000003 ^ <uint64_t>(<uint32_t>e.q)
        h = h * 1000003 ^ <uint64_t>(<uint32_t>e.opened)
        h = h * 1000003 ^ <uint64_t>(e.silent * 2 + e.speech)
        h = h * 1000003 ^ ocrfix_double_bits(cells_key)
        return h * <uint64_t>11400714819323198485ULL

    cdef void _place(self, int k) noexcept nogil:
        cdef Node* e = &self.entries[k]
        cdef Py_ssize_t s = self._find(e, self._cells_key(e))
        self.slots[s] = k + 1
        self.gens[s] = self.gen

    cdef int offer(self, Node* node) except -1:
        """Python's ``old = expanded.get(key); if old is None or old[0] <
        score: expanded[key] = node``. Returns 1 where it was stored."""
        cdef double cells_key = self._cells_key(node)
        cdef Py_ssize_t s = self._find(node, cells_key)
        cdef Node* grown
        cdef Ranked* ranked
        if self.gens[s] == self.gen:
            if self.entries[self.slots[s] - 1].score < node.score:
                self.entries[self.slots[s] - 1] = node[0]
                return 1
            return 0
        if self.count == self.entries_cap:
            grown = <Node*>realloc(self.entries, 2 * self.entries_cap * sizeof(Node))
            if not grown:
                raise MemoryError()
            self.entries = grown
            ranked = <Ranked*>realloc(self.ranked, 2 * self.entries_cap * sizeof(Ranked))
            if not ranked:
                raise MemoryError()
            self.ranked = ranked
            self.entries_cap *= 2
        self.entries[self.count] = node[0]
        self.slots[s] = <int>self.count + 1
        self.gens[s] = self.gen
        self.count += 1
        if self.count * 2 > self.slot_mask + 1:
            self._rehash()
        return 1


#: Keys of a paragraph's search memo: decode._search's shared plan, and its C arrays here.
cdef object _SHARED = -1
cdef object _ARRAYS = -2
cdef object _GRID = -3  # decode._GRID


cdef object _tuple(_Search S, int idx, dict made, root_parent):
    """Arena node ``idx`` as the Python search's node tuple (each node once:
    paths share their nodes up to where they part, as the Python search's do)."""
    cdef list chain = []
    cdef int k = idx
    cdef Node* node
    while k >= 0 and k not in made:
        chain.append(k)
        k = S.arena[k].parent
    parent = root_parent if k < 0 else made[k]
    for k in reversed(chain):
        node = &S.arena[k]
        move = None if node.move == NULL else <object>node.move
        parent = made[k] = (node.score, node.sid, node.q, node.opened, bool(node.silent), bool(node.speech),
                            node.cells, node.lines, move, parent, node.gap)
    return parent


def search(atoms, gaps, ctx, proposals, width, int lo=0, hi=None, start=None, compiled=None, memo=None, settle=None):
    """:func:`ocrfix.decode._search`."""
    _bind()
    ch = ctx.channel
    model = ctx.model
    table = D._transitions(ctx)
    cdef TransitionMap tmap = _map_for(table)
    cdef int n = len(atoms)
    cdef int hi_ = n if hi is None else hi
    compiled = compiled or D._compile(gaps, atoms, ch.boundary_speech)
    cdef dict searches = {} if memo is None else memo
    shared = searches.get(_SHARED)
    if shared is None:
        shared = searches[_SHARED] = D._paragraph_plan(atoms, gaps, proposals)
    cdef _Paragraph para = searches.get(_ARRAYS)
    if para is None or para.shared is not shared:
        para = searches[_ARRAYS] = _paragraph(shared, n)
    cdef bint silent_ok = ctx.silent_quotes
    cdef bint break_spaces = ctx.break_spaces
    cdef double stray_space = ch.stray_space
    cdef double span_atom = ch.span_atom, span_speech = ch.span_atom_speech, crosses = ch.term_crosses
    cdef double max_silent = ch.max_silent_span, max_span = ch.max_span
    cdef int beam_width = ctx.beam
    cdef int k
    cdef _Closing closing = _Closing(proposals, para, shared, ch)
    cdef double delta = D.BEAM_DELTA, unclosed = D.UNCLOSED
    cdef bint has_width = bool(width)
    # decode._grid_cost by cell count, kept across the paragraph's searches
    grid_entry = searches.get(_GRID)
    if grid_entry is None or grid_entry[0] is not ch or grid_entry[1] != width:
        grid_entry = searches[_GRID] = (ch, width, {})
    cdef dict grid_memo = grid_entry[2]
    grid_cost_fn = D._grid_cost

    cdef _Search S = _Search()
    S.by_cells = has_width
    cdef Node node, root
    # the start: gap -1, no option, its parent the start's own path
    if start is None:
        root_parent = None
        root.score, root.sid, root.q, root.opened = 0.0, table.intern(model.begin()), 0, -1
        root.silent = root.speech = 0
        root.cells, root.lines = 0.0, 0
    else:
        root_parent = start.path
        root.score, root.sid, root.q, root.opened = start.score, table.intern(start.state), start.q, start.opened
        root.silent, root.speech = bool(start.silent), bool(start.speech)
        root.cells, root.lines = start.cells, start.lines
    root.move, root.parent, root.gap = NULL, -1, -1
    cdef int* beam = <int*>malloc(max(beam_width, 1) * sizeof(int))
    cdef int* nxt = <int*>malloc(max(beam_width, 1) * sizeof(int))
    if not beam or not nxt:
        free(beam)
        free(nxt)
        raise MemoryError()
    cdef int nbeam = 1, nnext, b, c, h_idx, sid, sid0, tid, q0, q2, opened, opened0, lines, lines0
    cdef double score, score0, hcells, cells0, cost0, p, grid, floor, span, span0, cut, cells
    cdef bint silent, speech, silent0, speech0, inside, inside0, cross, cross0, over, over0, last, has_ws
    cdef bint junction, is_quote_token, breaker, prop_i, hang, traced, have_grid
    cdef int fast
    cdef TokenStep tok
    cdef _Plan plan
    cdef Choice* choices
    cdef Choice* choice
    cdef int nchoices
    cdef Node* h
    cdef int i
    cdef int settle_from = hi_
    trail = None
    if settle is not None:
        settle_from, trail = settle
    try:
        beam[0] = S.push(&root)
        for i in range(lo, hi_ + 1):
            if i > settle_from and _settled(S, beam, nbeam, trail[i - 1], has_width):
                break
            has_ws = para.has_ws[i]
            junction = para.junction[i]
            tid = para.token[i]
            cells = para.cells[i]
            is_quote_token = para.is_quote[i]
            breaker = para.breaker[i]
            prop_i = para.prop_true[i]
            plan = para.plan(i, compiled[i], silent_ok)
            last = i == n or i == hi_
            fast = plan.fast
            if fast == 0 and tid >= 0:
                for b in range(nbeam):
                    if S.arena[beam[b]].q:
                        fast = -1  # a hypothesis inside a quotation may close it here
                        break
            if fast >= 0 and tid >= 0 and not is_quote_token and not last:
                # the fast path: every hypothesis takes the token
                nnext = 0
                cost0 = plan.fast_cost
                cells0 = cells + plan.fast_cells
                for b in range(nbeam):
                    h = &S.arena[beam[b]]
                    score = h.score
                    sid = tmap.step(h.sid, tid, &p)
                    h = &S.arena[beam[b]]
                    score += p + cost0
                    if h.opened >= 0:
                        score += span_speech if h.speech else span_atom
                        if breaker and not h.speech:
                            score += crosses
                        if i - h.opened > (max_silent if h.silent and not h.speech else max_span):
                            continue
                    node = h[0]
                    node.score = score
                    node.sid = sid
                    node.cells = h.cells + cells0
                    node.move = plan.fast_move
                    node.parent = beam[b]
                    node.gap = i
                    nxt[nnext] = S.push(&node)
                    nnext += 1
                if nnext:
                    beam, nxt = nxt, beam
                    nbeam = nnext
                    continue
            hang = i > 0 and para.hangs[i - 1]
            S.new_gap()
            floor = -1e9
            if tid >= 0 and not last and not is_quote_token:
                # the common gap (decode._search's loop of its own)
                traced = has_ws and not junction  # (i < n here)
                for b in range(nbeam):
                    h_idx = beam[b]
                    h = &S.arena[h_idx]
                    score0, sid0, q0, opened0 = h.score, h.sid, h.q, h.opened
                    silent0, speech0, cells0, lines0 = h.silent, h.speech, h.cells, h.lines
                    if score0 < floor:
                        continue
                    have_grid = tok.have = False
                    inside0 = opened0 >= 0
                    span0 = span_speech if speech0 else span_atom
                    cross0 = breaker and not speech0
                    over0 = inside0 and i - opened0 > (max_silent if silent0 and not speech0 else max_span)
                    choices = plan.choices[q0]
                    nchoices = plan.counts[q0]
                    if plan.plain:
                        choice = &plan.choices[0][0]
                        choices += 1
                        nchoices -= 1
                        score = score0 + choice.cost
                        if score >= floor:
                            tok.sid = tmap.step(sid0, tid, &tok.p)
                            tok.have = True
                            score += tok.p
                            hcells = cells0 + choice.cells + cells
                            if inside0:
                                score += span0
                                if cross0:
                                    score += crosses
                            if not over0 and score >= floor:
                                node.score, node.sid, node.q, node.opened = score, tok.sid, q0, opened0
                                node.silent, node.speech, node.cells, node.lines = silent0, speech0, hcells, lines0
                                node.move, node.parent, node.gap = choice.move, h_idx, i
                                if S.offer(&node):
                                    if score - delta > floor:
                                        floor = score - delta
                    for c in range(nchoices):
                        choice = &choices[c]
                        score = score0 + choice.cost
                        if score < floor:
                            continue
                        q2 = choice.q2
                        if choice.opens or (choice.closes and inside0):
                            opened, silent, speech = opened0, silent0, speech0
                            if choice.opens:
                                if prop_i:
                                    score += para.open_bonus[i]
                                opened, silent, speech = i, not has_ws or junction or i == 0, choice.speech
                            else:
                                if not closing.add(&score, opened, silent, speech, i, traced):
                                    continue
                                if q2 == 0:
                                    opened, silent, speech = -1, False, False
                            inside = opened >= 0
                            span = span_speech if speech else span_atom
                            cross = breaker and not speech
                            over = inside and i - opened > (max_silent if silent and not speech else max_span)
                        else:
                            opened, silent, speech = opened0, silent0, speech0
                            inside, span, cross, over = inside0, span0, cross0, over0
                        hcells, lines = cells0, lines0
                        if choice.is_break:
                            if not junction:
                                if not have_grid:
                                    grid = _grid(grid_memo, grid_cost_fn, hcells, lines, hang, width, ch) if break_spaces else stray_space
                                    have_grid = True
                                score += grid
                            hcells, lines = 0.0, lines + 1
                        sid = _through(tmap, sid0, choice, tid, &tok, &score)
                        hcells = hcells + choice.cells + cells
                        if inside:
                            score += span
                            if cross:
                                score += crosses
                            if over:
                                continue
                        if score < floor:
                            continue
                        node.score, node.sid, node.q, node.opened = score, sid, q2, opened
                        node.silent, node.speech, node.cells, node.lines = silent, speech, hcells, lines
                        node.move, node.parent, node.gap = choice.move, h_idx, i
                        if S.offer(&node):
                            if score - delta > floor:
                                floor = score - delta
                nbeam = 0  # the loop below has nothing left to do
            for b in range(nbeam):
                h_idx = beam[b]
                h = &S.arena[h_idx]
                score0, sid0, q0, opened0 = h.score, h.sid, h.q, h.opened
                silent0, speech0, cells0, lines0 = h.silent, h.speech, h.cells, h.lines
                if score0 < floor:
                    continue
                have_grid = tok.have = False
                for c in range(plan.counts[q0]):
                    choice = &plan.choices[q0][c]
                    score = score0 + choice.cost
                    if score < floor:
                        continue
                    q2 = choice.q2
                    opened, silent, speech = opened0, silent0, speech0
                    if choice.opens:
                        if prop_i:
                            score += para.open_bonus[i]
                        opened, silent, speech = i, not has_ws or junction or i == 0, choice.speech
                    elif choice.closes and opened >= 0:
                        if not closing.add(&score, opened, silent, speech, i, has_ws and not junction and i != n):
                            continue
                        if q2 == 0:
                            opened, silent, speech = -1, False, False
                    hcells, lines = cells0, lines0
                    if choice.is_break:
                        if not junction:
                            if not have_grid:
                                grid = _grid(grid_memo, grid_cost_fn, hcells, lines, hang, width, ch) if break_spaces else stray_space
                                have_grid = True
                            score += grid
                        hcells, lines = 0.0, lines + 1
                    sid = _through(tmap, sid0, choice, tid, &tok, &score)
                    hcells += choice.cells
                    if tid >= 0:
                        hcells += cells
                        if opened >= 0:
                            score += span_speech if speech else span_atom
                            if breaker and not speech:
                                score += crosses
                            if i - opened > (max_silent if silent and not speech else max_span):
                                continue
                        if is_quote_token:
                            q_seen = D._quote_step(q2, para.strs[i])
                            if q_seen is not None:
                                q2 = q_seen
                            elif q2 != para.is_quote[i] - 1:
                                score += unclosed  # restored marks leave a kept mark unpaired (decode.UNCLOSED)
                            if q2 == 0:
                                opened = -1
                    if last:
                        if q2 != 0 and opened >= lo and opened >= 0:
                            score += unclosed
                        if i == n:
                            score += table.end(sid)
                            if has_width and hcells > width + 1.5:
                                score += ch.missed_break * int(hcells // width)
                    node.score, node.sid, node.q, node.opened = score, sid, q2, opened
                    node.silent, node.speech, node.cells, node.lines = silent, speech, hcells, lines
                    node.move, node.parent, node.gap = choice.move, h_idx, i
                    if S.offer(&node):
                        if score - delta > floor:
                            floor = score - delta
            if S.count == 0:
                return None, []  # every hypothesis broke a constraint (a forced choice)
            for k in range(S.count):
                S.ranked[k].score = S.entries[k].score
                S.ranked[k].order = k
            qsort(S.ranked, S.count, sizeof(Ranked), _by_score)
            nbeam = min(<int>S.count, beam_width)
            cut = S.ranked[0].score - delta
            nnext = 0
            for b in range(nbeam):
                if S.ranked[b].score < cut:
                    break
                beam[nnext] = S.push(&S.entries[S.ranked[b].order])
                nnext += 1
            nbeam = nnext
        # the final beam, best first (a stable sort of the beam as it stands)
        for b in range(nbeam):
            S.ranked[b].score = S.arena[beam[b]].score
            S.ranked[b].order = b
        qsort(S.ranked, nbeam, sizeof(Ranked), _by_score)
        made = {}
        states = table.states
        hyps = []
        Hyp = D._Hyp
        for b in range(nbeam):
            h_idx = beam[S.ranked[b].order]
            path = _tuple(S, h_idx, made, root_parent)
            h = &S.arena[h_idx]
            hyps.append(Hyp(h.score, states[h.sid], h.q, h.opened, bool(h.silent), bool(h.speech), h.cells, h.lines, path))
        return hyps[0], hyps[1:]
    finally:
        free(beam)
        free(nxt)


cdef bint _settled(_Search S, int* beam, int nbeam, tuple node, bint has_width) except -1:
    """:func:`ocrfix.decode._settled`: the beam's best hypothesis (the first of
    the best) in the best path's state at ``node``, no quotation open."""
    cdef int b, top = 0
    cdef Node* h
    for b in range(nbeam):
        h = &S.arena[beam[b]]
        if h.q:
            return False
        if h.score > S.arena[beam[top]].score:
            top = b
    h = &S.arena[beam[top]]
    return (h.sid == node[1] and h.q == node[2] and h.opened == node[3] and bool(h.silent) == bool(node[4])
            and bool(h.speech) == bool(node[5]) and (not has_width or h.cells == node[6])
            and (h.lines == 0) == (node[7] == 0))


cdef double _grid(dict memo, fn, double cells, int lines, bint hang, width, ch) except? -1e300:
    """``decode._search``'s grid_cost(): :func:`decode._grid_cost`, once per cell count."""
    key = (cells if lines else -1.0 - cells, hang)
    cost = memo.get(key)
    if cost is None:
        cost = memo[key] = fn(cells, lines, width, ch, hang)
    return cost
