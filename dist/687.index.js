"use strict";
exports.id = 687;
exports.ids = [687];
exports.modules = {

/***/ 9687:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseConfigText: () => (/* binding */ parseConfigText)
/* harmony export */ });
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8815);
/* harmony import */ var _schema_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6767);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6990);



/** Parses and validates the file's text; every problem carries the line and column it comes from. */
function parseConfigText(path, text) {
    const lineCounter = new yaml__WEBPACK_IMPORTED_MODULE_0__/* .LineCounter */ .HN();
    const doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parseDocument */ .Tp)(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const at = (offset) => {
        if (offset === undefined)
            return undefined;
        const { line, col } = lineCounter.linePos(offset);
        return { line, column: col };
    };
    if (doc.errors.length > 0) {
        return {
            ok: false,
            path,
            problems: doc.errors.map(e => ({
                subject: path,
                field: '(YAML)',
                problem: `not valid YAML: ${firstLine(e.message)}`,
                fix: 'Fix the YAML syntax at that place (indentation, a missing ":" or an unclosed quote are the usual causes).',
                ...at(e.pos[0]),
            })),
        };
    }
    const data = doc.toJS() ?? {};
    const locate = (fieldPath, key) => at(offsetOf(doc, fieldPath, key));
    const parsed = _schema_js__WEBPACK_IMPORTED_MODULE_1__/* .configFileSchema */ .cQ.safeParse(data, { reportInput: true });
    if (!parsed.success) {
        return { ok: false, path, problems: (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .problemsFromZod */ .I8)(parsed.error, path, 'file', locate) };
    }
    return { ok: true, loaded: { path, present: true, config: parsed.data, locate } };
}
/** yaml's messages end with their own position and a code excerpt; the problem carries the position already. */
function firstLine(message) {
    return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}
/** Where a value (or, with `key`, the key of an entry in a map) starts; the nearest existing ancestor otherwise. */
function offsetOf(doc, path, key) {
    let node = doc.contents;
    let best = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isNode */ .Ll)(node) ? node.range?.[0] : undefined;
    const steps = key === undefined ? path : [...path, key];
    for (const [i, step] of steps.entries()) {
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isMap */ .jh)(node) && !((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isNode */ .Ll)(node) && 'items' in node))
            break;
        const items = node.items;
        let next;
        if (typeof step === 'number') {
            next = items[step];
        }
        else {
            const pair = items.find(p => (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(p) && (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isScalar */ .jn)(p.key) && String(p.key.value) === String(step));
            if ((0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isPair */ .tO)(pair)) {
                // The key of an unknown entry is what the user should look at; of a known one, its value.
                const target = i === steps.length - 1 && key !== undefined ? pair.key : (pair.value ?? pair.key);
                next = target;
            }
        }
        if (!(0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .isNode */ .Ll)(next))
            break;
        best = next.range?.[0] ?? best;
        node = next;
    }
    return best;
}


/***/ })

};
;