# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False
"""Where jieba starts words, compiled: :func:`ocrfix.lexicon.word_starts`
without jieba's Python loops.

``jieba.cut(text, HMM=False)`` splits the text into runs of its "Han"
class (``[\\u4E00-\\u9FD5a-zA-Z0-9+#&._%-]``) and the rest; inside a run it
builds the DAG of dictionary words, finds the most probable route through
it (log frequencies, ties to the longer word) and merges runs of
one-character ASCII letters and digits; outside a run every character is a
word, ``\\r\\n`` one word. This module walks the same steps with the same
dictionary (``jieba.dt.FREQ``, prefixes held at 0) and the same
floating-point operations in the same order, so it returns the same starts
to the last position; ``tests/test_compiled_words.py`` holds it to jieba
on corpus text and on edge cases. It is built with the beam search
(``ocrfix._csearch``) and is optional like it: without it jieba runs.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.object cimport PyObject_IsTrue
from cpython.ref cimport PyObject
from libc.math cimport INFINITY, log
from libc.stdlib cimport free, malloc


cdef inline bint _in_run(Py_UCS4 c) noexcept:
    """jieba's ``re_han_default`` class."""
    if 0x4E00 <= c <= 0x9FD5:
        return True
    if (c >= 97 and c <= 122) or (c >= 65 and c <= 90) or (c >= 48 and c <= 57):
        return True
    return c == 43 or c == 35 or c == 38 or c == 46 or c == 95 or c == 37 or c == 45  # + # & . _ % -


cdef inline bint _eng(Py_UCS4 c) noexcept:
    """jieba's ``re_eng``: one ASCII letter or digit."""
    return (c >= 97 and c <= 122) or (c >= 65 and c <= 90) or (c >= 48 and c <= 57)


cdef int _run_starts(str text, Py_ssize_t a, Py_ssize_t b, dict freq, double logtotal, list starts) except -1:
    """The word starts jieba's ``__cut_DAG_NO_HMM`` gives ``text[a:b]``,
    appended to ``starts`` (text positions)."""
    cdef Py_ssize_t n = b - a, idx, i, x, y, best_x
    cdef double best, s
    cdef PyObject *v
    cdef bint found, buf
    cdef double *score = <double *> malloc((n + 1) * sizeof(double))
    cdef Py_ssize_t *step = <Py_ssize_t *> malloc((n + 1) * sizeof(Py_ssize_t))
    if score == NULL or step == NULL:
        free(score)
        free(step)
        raise MemoryError()
    try:
        score[n] = 0.0
        for idx in range(n - 1, -1, -1):
            # get_DAG: the ends of the dictionary words starting here (prefixes
            # are held at 0 so the scan stops where no word goes on) ...
            best = -INFINITY
            best_x = idx
            found = False
            i = idx
            while i < n:
                v = PyDict_GetItem(freq, text[a + idx : a + i + 1])
                if v == NULL:
                    break
                if PyObject_IsTrue(<object> v):
                    # ... and calc: max((log(FREQ[w]) - logtotal + route[x+1], x));
                    # of equal scores the larger x (the later candidate) wins
                    s = log(<double> (<object> v)) - logtotal + score[i + 1]
                    if s >= best:
                        best, best_x = s, i
                    found = True
                i += 1
            if not found:
                # no word: the character alone, at frequency 1 (log 1 == 0)
                best = log(1.0) - logtotal + score[idx + 1]
                best_x = idx
            score[idx] = best
            step[idx] = best_x
        x = 0
        buf = False  # inside a run of one-character ASCII words (yielded as one)
        while x < n:
            y = step[x] + 1
            if y - x == 1 and _eng(text[a + x]):
                if not buf:
                    starts.append(a + x)
                    buf = True
            else:
                buf = False
                starts.append(a + x)
            x = y
    finally:
        free(score)
        free(step)
    return 0


def word_starts(str text, dict freq, double logtotal):
    """Positions in ``text`` after its first character where
    ``jieba.cut(text, HMM=False)`` starts a word, given jieba's ``FREQ``
    and ``log(total)``."""
    cdef Py_ssize_t n = len(text), k = 0, a
    cdef list starts = []
    cdef Py_UCS4 c
    while k < n:
        c = text[k]
        if _in_run(c):
            a = k
            while k < n and _in_run(text[k]):
                k += 1
            _run_starts(text, a, k, freq, logtotal, starts)
        else:
            # outside a run every character is a word, ``\r\n`` one word
            if not (c == 10 and k > 0 and text[k - 1] == 13):
                starts.append(k)
            k += 1
    if starts and starts[0] == 0:
        del starts[0]
    return tuple(starts)
