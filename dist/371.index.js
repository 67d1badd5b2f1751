"use strict";
exports.id = 371;
exports.ids = [371];
exports.modules = {

/***/ 4471:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.CspError = exports.isHash = exports.HASH_PATTERN = exports.STRICT_HASH_PATTERN = exports.isNonce = exports.NONCE_PATTERN = exports.STRICT_NONCE_PATTERN = exports.isUrlScheme = exports.isKeyword = exports.isDirective = exports.Version = exports.FETCH_DIRECTIVES = exports.Directive = exports.TrustedTypesSink = exports.Keyword = exports.Csp = void 0;
const finding_1 = __webpack_require__(208);
class Csp {
    constructor(directives = {}) {
        this.directives = {};
        for (const [directive, directiveValues] of Object.entries(directives)) {
            if (directiveValues) {
                this.directives[directive] = [...directiveValues];
            }
        }
    }
    clone() {
        return new Csp(this.directives);
    }
    convertToString() {
        let cspString = '';
        for (const [directive, directiveValues] of Object.entries(this.directives)) {
            cspString += directive;
            if (directiveValues !== undefined) {
                for (let value, i = 0; (value = directiveValues[i]); i++) {
                    cspString += ' ';
                    cspString += value;
                }
            }
            cspString += '; ';
        }
        return cspString;
    }
    getEffectiveCsp(cspVersion, optFindings) {
        const findings = optFindings || [];
        const effectiveCsp = this.clone();
        [Directive.SCRIPT_SRC, Directive.SCRIPT_SRC_ATTR, Directive.SCRIPT_SRC_ELEM]
            .forEach(directiveToNormalize => {
            const directive = effectiveCsp.getEffectiveDirective(directiveToNormalize);
            const values = this.directives[directive] || [];
            const effectiveCspValues = effectiveCsp.directives[directive];
            if (effectiveCspValues &&
                (effectiveCsp.policyHasScriptNonces(directive) ||
                    effectiveCsp.policyHasScriptHashes(directive))) {
                if (cspVersion >= Version.CSP2) {
                    if (values.includes(Keyword.UNSAFE_INLINE)) {
                        arrayRemove(effectiveCspValues, Keyword.UNSAFE_INLINE);
                        findings.push(new finding_1.Finding(finding_1.Type.IGNORED, 'unsafe-inline is ignored if a nonce or a hash is present. ' +
                            '(CSP2 and above)', finding_1.Severity.NONE, directive, Keyword.UNSAFE_INLINE));
                    }
                }
                else {
                    for (const value of values) {
                        if (value.startsWith('\'nonce-') || value.startsWith('\'sha')) {
                            arrayRemove(effectiveCspValues, value);
                        }
                    }
                }
            }
            if (effectiveCspValues && this.policyHasStrictDynamic(directive)) {
                if (cspVersion >= Version.CSP3) {
                    for (const value of values) {
                        if (!value.startsWith('\'') || value === Keyword.SELF ||
                            value === Keyword.UNSAFE_INLINE) {
                            arrayRemove(effectiveCspValues, value);
                            findings.push(new finding_1.Finding(finding_1.Type.IGNORED, 'Because of strict-dynamic this entry is ignored in CSP3 and above', finding_1.Severity.NONE, directive, value));
                        }
                    }
                }
                else {
                    arrayRemove(effectiveCspValues, Keyword.STRICT_DYNAMIC);
                }
            }
        });
        if (cspVersion < Version.CSP3) {
            delete effectiveCsp.directives[Directive.REPORT_TO];
            delete effectiveCsp.directives[Directive.WORKER_SRC];
            delete effectiveCsp.directives[Directive.MANIFEST_SRC];
            delete effectiveCsp.directives[Directive.TRUSTED_TYPES];
            delete effectiveCsp.directives[Directive.REQUIRE_TRUSTED_TYPES_FOR];
            delete effectiveCsp.directives[Directive.SCRIPT_SRC_ATTR];
            delete effectiveCsp.directives[Directive.SCRIPT_SRC_ELEM];
            delete effectiveCsp.directives[Directive.STYLE_SRC_ATTR];
            delete effectiveCsp.directives[Directive.STYLE_SRC_ELEM];
        }
        return effectiveCsp;
    }
    getEffectiveDirective(directive) {
        if (directive in this.directives) {
            return directive;
        }
        if ((directive === Directive.SCRIPT_SRC_ATTR ||
            directive === Directive.SCRIPT_SRC_ELEM) &&
            Directive.SCRIPT_SRC in this.directives) {
            return Directive.SCRIPT_SRC;
        }
        if ((directive === Directive.STYLE_SRC_ATTR ||
            directive === Directive.STYLE_SRC_ELEM) &&
            Directive.STYLE_SRC in this.directives) {
            return Directive.STYLE_SRC;
        }
        if (exports.FETCH_DIRECTIVES.includes(directive)) {
            return Directive.DEFAULT_SRC;
        }
        return directive;
    }
    getEffectiveDirectives(directives) {
        const effectiveDirectives = new Set(directives.map((val) => this.getEffectiveDirective(val)));
        return [...effectiveDirectives];
    }
    policyHasScriptNonces(directive) {
        const directiveName = this.getEffectiveDirective(directive || Directive.SCRIPT_SRC);
        const values = this.directives[directiveName] || [];
        return values.some((val) => isNonce(val, true));
    }
    policyHasScriptHashes(directive) {
        const directiveName = this.getEffectiveDirective(directive || Directive.SCRIPT_SRC);
        const values = this.directives[directiveName] || [];
        return values.some((val) => isHash(val, true));
    }
    policyHasStrictDynamic(directive) {
        const directiveName = this.getEffectiveDirective(directive || Directive.SCRIPT_SRC);
        const values = this.directives[directiveName] || [];
        return values.includes(Keyword.STRICT_DYNAMIC);
    }
}
exports.Csp = Csp;
var Keyword;
(function (Keyword) {
    Keyword["SELF"] = "'self'";
    Keyword["NONE"] = "'none'";
    Keyword["UNSAFE_INLINE"] = "'unsafe-inline'";
    Keyword["UNSAFE_EVAL"] = "'unsafe-eval'";
    Keyword["WASM_EVAL"] = "'wasm-eval'";
    Keyword["WASM_UNSAFE_EVAL"] = "'wasm-unsafe-eval'";
    Keyword["STRICT_DYNAMIC"] = "'strict-dynamic'";
    Keyword["UNSAFE_HASHED_ATTRIBUTES"] = "'unsafe-hashed-attributes'";
    Keyword["UNSAFE_HASHES"] = "'unsafe-hashes'";
    Keyword["REPORT_SAMPLE"] = "'report-sample'";
    Keyword["BLOCK"] = "'block'";
    Keyword["ALLOW"] = "'allow'";
    Keyword["INLINE_SPECULATION_RULES"] = "'inline-speculation-rules'";
})(Keyword = exports.Keyword || (exports.Keyword = {}));
var TrustedTypesSink;
(function (TrustedTypesSink) {
    TrustedTypesSink["SCRIPT"] = "'script'";
})(TrustedTypesSink = exports.TrustedTypesSink || (exports.TrustedTypesSink = {}));
var Directive;
(function (Directive) {
    Directive["CHILD_SRC"] = "child-src";
    Directive["CONNECT_SRC"] = "connect-src";
    Directive["DEFAULT_SRC"] = "default-src";
    Directive["FONT_SRC"] = "font-src";
    Directive["FRAME_SRC"] = "frame-src";
    Directive["IMG_SRC"] = "img-src";
    Directive["MEDIA_SRC"] = "media-src";
    Directive["OBJECT_SRC"] = "object-src";
    Directive["SCRIPT_SRC"] = "script-src";
    Directive["SCRIPT_SRC_ATTR"] = "script-src-attr";
    Directive["SCRIPT_SRC_ELEM"] = "script-src-elem";
    Directive["STYLE_SRC"] = "style-src";
    Directive["STYLE_SRC_ATTR"] = "style-src-attr";
    Directive["STYLE_SRC_ELEM"] = "style-src-elem";
    Directive["PREFETCH_SRC"] = "prefetch-src";
    Directive["MANIFEST_SRC"] = "manifest-src";
    Directive["WORKER_SRC"] = "worker-src";
    Directive["BASE_URI"] = "base-uri";
    Directive["PLUGIN_TYPES"] = "plugin-types";
    Directive["SANDBOX"] = "sandbox";
    Directive["DISOWN_OPENER"] = "disown-opener";
    Directive["FORM_ACTION"] = "form-action";
    Directive["FRAME_ANCESTORS"] = "frame-ancestors";
    Directive["NAVIGATE_TO"] = "navigate-to";
    Directive["REPORT_TO"] = "report-to";
    Directive["REPORT_URI"] = "report-uri";
    Directive["BLOCK_ALL_MIXED_CONTENT"] = "block-all-mixed-content";
    Directive["UPGRADE_INSECURE_REQUESTS"] = "upgrade-insecure-requests";
    Directive["REFLECTED_XSS"] = "reflected-xss";
    Directive["REFERRER"] = "referrer";
    Directive["REQUIRE_SRI_FOR"] = "require-sri-for";
    Directive["TRUSTED_TYPES"] = "trusted-types";
    Directive["REQUIRE_TRUSTED_TYPES_FOR"] = "require-trusted-types-for";
    Directive["WEBRTC"] = "webrtc";
})(Directive = exports.Directive || (exports.Directive = {}));
exports.FETCH_DIRECTIVES = [
    Directive.CHILD_SRC, Directive.CONNECT_SRC, Directive.DEFAULT_SRC,
    Directive.FONT_SRC, Directive.FRAME_SRC, Directive.IMG_SRC,
    Directive.MANIFEST_SRC, Directive.MEDIA_SRC, Directive.OBJECT_SRC,
    Directive.SCRIPT_SRC, Directive.SCRIPT_SRC_ATTR, Directive.SCRIPT_SRC_ELEM,
    Directive.STYLE_SRC, Directive.STYLE_SRC_ATTR, Directive.STYLE_SRC_ELEM,
    Directive.WORKER_SRC
];
var Version;
(function (Version) {
    Version[Version["CSP1"] = 1] = "CSP1";
    Version[Version["CSP2"] = 2] = "CSP2";
    Version[Version["CSP3"] = 3] = "CSP3";
})(Version = exports.Version || (exports.Version = {}));
function isDirective(directive) {
    return Object.values(Directive).includes(directive);
}
exports.isDirective = isDirective;
function isKeyword(keyword) {
    return Object.values(Keyword).includes(keyword);
}
exports.isKeyword = isKeyword;
function isUrlScheme(urlScheme) {
    const pattern = new RegExp('^[a-zA-Z][+a-zA-Z0-9.-]*:$');
    return pattern.test(urlScheme);
}
exports.isUrlScheme = isUrlScheme;
exports.STRICT_NONCE_PATTERN = new RegExp('^\'nonce-[a-zA-Z0-9+/_-]+[=]{0,2}\'$');
exports.NONCE_PATTERN = new RegExp('^\'nonce-(.+)\'$');
function isNonce(nonce, strictCheck) {
    const pattern = strictCheck ? exports.STRICT_NONCE_PATTERN : exports.NONCE_PATTERN;
    return pattern.test(nonce);
}
exports.isNonce = isNonce;
exports.STRICT_HASH_PATTERN = new RegExp('^\'(sha256|sha384|sha512)-[a-zA-Z0-9+/_-]+[=]{0,2}\'$');
exports.HASH_PATTERN = new RegExp('^\'(sha256|sha384|sha512)-(.+)\'$');
function isHash(hash, strictCheck) {
    const pattern = strictCheck ? exports.STRICT_HASH_PATTERN : exports.HASH_PATTERN;
    return pattern.test(hash);
}
exports.isHash = isHash;
class CspError extends Error {
    constructor(message) {
        super(message);
    }
}
exports.CspError = CspError;
function arrayRemove(arr, item) {
    if (arr.includes(item)) {
        const idx = arr.findIndex(elem => item === elem);
        arr.splice(idx, 1);
    }
}
//# sourceMappingURL=csp.js.map

/***/ }),

/***/ 208:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.Type = exports.Severity = exports.Finding = void 0;
class Finding {
    constructor(type, description, severity, directive, value) {
        this.type = type;
        this.description = description;
        this.severity = severity;
        this.directive = directive;
        this.value = value;
    }
    static getHighestSeverity(findings) {
        if (findings.length === 0) {
            return Severity.NONE;
        }
        const severities = findings.map((finding) => finding.severity);
        const min = (prev, cur) => prev < cur ? prev : cur;
        return severities.reduce(min, Severity.NONE);
    }
    equals(obj) {
        if (!(obj instanceof Finding)) {
            return false;
        }
        return obj.type === this.type && obj.description === this.description &&
            obj.severity === this.severity && obj.directive === this.directive &&
            obj.value === this.value;
    }
}
exports.Finding = Finding;
var Severity;
(function (Severity) {
    Severity[Severity["HIGH"] = 10] = "HIGH";
    Severity[Severity["SYNTAX"] = 20] = "SYNTAX";
    Severity[Severity["MEDIUM"] = 30] = "MEDIUM";
    Severity[Severity["HIGH_MAYBE"] = 40] = "HIGH_MAYBE";
    Severity[Severity["STRICT_CSP"] = 45] = "STRICT_CSP";
    Severity[Severity["MEDIUM_MAYBE"] = 50] = "MEDIUM_MAYBE";
    Severity[Severity["INFO"] = 60] = "INFO";
    Severity[Severity["NONE"] = 100] = "NONE";
})(Severity = exports.Severity || (exports.Severity = {}));
var Type;
(function (Type) {
    Type[Type["MISSING_SEMICOLON"] = 100] = "MISSING_SEMICOLON";
    Type[Type["UNKNOWN_DIRECTIVE"] = 101] = "UNKNOWN_DIRECTIVE";
    Type[Type["INVALID_KEYWORD"] = 102] = "INVALID_KEYWORD";
    Type[Type["NONCE_CHARSET"] = 106] = "NONCE_CHARSET";
    Type[Type["MISSING_DIRECTIVES"] = 300] = "MISSING_DIRECTIVES";
    Type[Type["SCRIPT_UNSAFE_INLINE"] = 301] = "SCRIPT_UNSAFE_INLINE";
    Type[Type["SCRIPT_UNSAFE_EVAL"] = 302] = "SCRIPT_UNSAFE_EVAL";
    Type[Type["PLAIN_URL_SCHEMES"] = 303] = "PLAIN_URL_SCHEMES";
    Type[Type["PLAIN_WILDCARD"] = 304] = "PLAIN_WILDCARD";
    Type[Type["SCRIPT_ALLOWLIST_BYPASS"] = 305] = "SCRIPT_ALLOWLIST_BYPASS";
    Type[Type["OBJECT_ALLOWLIST_BYPASS"] = 306] = "OBJECT_ALLOWLIST_BYPASS";
    Type[Type["NONCE_LENGTH"] = 307] = "NONCE_LENGTH";
    Type[Type["IP_SOURCE"] = 308] = "IP_SOURCE";
    Type[Type["DEPRECATED_DIRECTIVE"] = 309] = "DEPRECATED_DIRECTIVE";
    Type[Type["SRC_HTTP"] = 310] = "SRC_HTTP";
    Type[Type["SRC_NO_PROTOCOL"] = 311] = "SRC_NO_PROTOCOL";
    Type[Type["EXPERIMENTAL"] = 312] = "EXPERIMENTAL";
    Type[Type["WILDCARD_URL"] = 313] = "WILDCARD_URL";
    Type[Type["X_FRAME_OPTIONS_OBSOLETED"] = 314] = "X_FRAME_OPTIONS_OBSOLETED";
    Type[Type["STYLE_UNSAFE_INLINE"] = 315] = "STYLE_UNSAFE_INLINE";
    Type[Type["STATIC_NONCE"] = 316] = "STATIC_NONCE";
    Type[Type["SCRIPT_UNSAFE_HASHES"] = 317] = "SCRIPT_UNSAFE_HASHES";
    Type[Type["STRICT_DYNAMIC"] = 400] = "STRICT_DYNAMIC";
    Type[Type["STRICT_DYNAMIC_NOT_STANDALONE"] = 401] = "STRICT_DYNAMIC_NOT_STANDALONE";
    Type[Type["NONCE_HASH"] = 402] = "NONCE_HASH";
    Type[Type["UNSAFE_INLINE_FALLBACK"] = 403] = "UNSAFE_INLINE_FALLBACK";
    Type[Type["ALLOWLIST_FALLBACK"] = 404] = "ALLOWLIST_FALLBACK";
    Type[Type["IGNORED"] = 405] = "IGNORED";
    Type[Type["REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS"] = 500] = "REQUIRE_TRUSTED_TYPES_FOR_SCRIPTS";
    Type[Type["REPORTING_DESTINATION_MISSING"] = 600] = "REPORTING_DESTINATION_MISSING";
    Type[Type["REPORT_TO_ONLY"] = 601] = "REPORT_TO_ONLY";
})(Type = exports.Type || (exports.Type = {}));
//# sourceMappingURL=finding.js.map

/***/ }),

/***/ 5006:
/***/ (function(__unused_webpack_module, exports, __webpack_require__) {


var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    Object.defineProperty(o, k2, { enumerable: true, get: function() { return m[k]; } });
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || function (mod) {
    if (mod && mod.__esModule) return mod;
    var result = {};
    if (mod != null) for (var k in mod) if (k !== "default" && Object.prototype.hasOwnProperty.call(mod, k)) __createBinding(result, mod, k);
    __setModuleDefault(result, mod);
    return result;
};
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.TEST_ONLY = exports.CspParser = void 0;
const csp = __importStar(__webpack_require__(4471));
class CspParser {
    constructor(unparsedCsp) {
        this.csp = new csp.Csp();
        this.parse(unparsedCsp);
    }
    parse(unparsedCsp) {
        this.csp = new csp.Csp();
        const directiveTokens = unparsedCsp.split(';');
        for (let i = 0; i < directiveTokens.length; i++) {
            const directiveToken = directiveTokens[i].trim();
            const directiveParts = directiveToken.match(/\S+/g);
            if (Array.isArray(directiveParts)) {
                const directiveName = directiveParts[0].toLowerCase();
                if (directiveName in this.csp.directives) {
                    continue;
                }
                if (!csp.isDirective(directiveName)) {
                }
                const directiveValues = [];
                for (let directiveValue, j = 1; (directiveValue = directiveParts[j]); j++) {
                    directiveValue = normalizeDirectiveValue(directiveValue);
                    if (!directiveValues.includes(directiveValue)) {
                        directiveValues.push(directiveValue);
                    }
                }
                this.csp.directives[directiveName] = directiveValues;
            }
        }
        return this.csp;
    }
}
exports.CspParser = CspParser;
function normalizeDirectiveValue(directiveValue) {
    directiveValue = directiveValue.trim();
    const directiveValueLower = directiveValue.toLowerCase();
    if (csp.isKeyword(directiveValueLower) || csp.isUrlScheme(directiveValue)) {
        return directiveValueLower;
    }
    return directiveValue;
}
exports.TEST_ONLY = { normalizeDirectiveValue };
//# sourceMappingURL=parser.js.map

/***/ }),

/***/ 371:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   metaPolicy: () => (/* binding */ metaPolicy),
/* harmony export */   missingForClerk: () => (/* binding */ missingForClerk),
/* harmony export */   parsePolicies: () => (/* binding */ parsePolicies)
/* harmony export */ });
/* unused harmony exports effectiveDirective, sourceMatches, allowsUrl, clerkRequirements */
/* harmony import */ var csp_evaluator_dist_parser_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5006);
/* harmony import */ var csp_evaluator_dist_parser_js__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(csp_evaluator_dist_parser_js__WEBPACK_IMPORTED_MODULE_0__);

/** A header may carry several policies separated by commas; each is enforced on its own. */
function parsePolicies(header) {
    return header
        .split(',')
        .map(text => text.trim())
        .filter(text => text !== '')
        .map(text => {
        const directives = new csp_evaluator_dist_parser_js__WEBPACK_IMPORTED_MODULE_0__.CspParser(text).csp.directives;
        return Object.fromEntries(Object.entries(directives).map(([k, v]) => [k, v ?? []]));
    });
}
/** CSP3's fallback lists: the first directive present governs. */
const FALLBACKS = {
    'script-src': ['script-src', 'default-src'],
    'style-src': ['style-src', 'default-src'],
    'img-src': ['img-src', 'default-src'],
    'connect-src': ['connect-src', 'default-src'],
    'frame-src': ['frame-src', 'child-src', 'default-src'],
    'worker-src': ['worker-src', 'child-src', 'script-src', 'default-src'],
};
function effectiveDirective(policy, directive) {
    return (FALLBACKS[directive] ?? [directive, 'default-src']).find(d => policy[d] !== undefined);
}
const NETWORK_SCHEMES = new Set(['http:', 'https:', 'ws:', 'wss:']);
const DEFAULT_PORTS = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };
const HOST_SOURCE = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\*|\*\.[^:/]+|[^:/*]+)(?::(\d+|\*))?(\/.*)?$/;
/** http: allows https: and ws: allows wss: (CSP3 "scheme-part match"). */
function schemeMatches(expected, actual) {
    return (expected === actual || (expected === 'http:' && actual === 'https:') || (expected === 'ws:' && actual === 'wss:'));
}
/** CSP3 §6.7.2.8 "Does url match expression in origin", for the source expressions that name URLs. */
function sourceMatches(source, url, self) {
    const expression = source.toLowerCase();
    if (expression === "'self'") {
        return url.host === self.host && schemeMatches(self.protocol, url.protocol);
    }
    if (expression === '*')
        return NETWORK_SCHEMES.has(url.protocol);
    if (/^[a-z][a-z0-9+.-]*:$/.test(expression))
        return schemeMatches(expression, url.protocol);
    if (expression.startsWith("'"))
        return false;
    const parts = HOST_SOURCE.exec(expression);
    if (!parts)
        return false;
    const [, scheme, host = '', port, path] = parts;
    if (scheme ? !schemeMatches(`${scheme}:`, url.protocol) : !schemeMatches(self.protocol, url.protocol))
        return false;
    const urlHost = url.hostname.toLowerCase();
    if (host === '*') {
        // any host
    }
    else if (host.startsWith('*.')) {
        if (!urlHost.endsWith(host.slice(1)))
            return false;
    }
    else if (host !== urlHost) {
        return false;
    }
    const urlPort = url.port || DEFAULT_PORTS[url.protocol] || '';
    if (port === undefined) {
        const expected = scheme ? DEFAULT_PORTS[`${scheme}:`] : DEFAULT_PORTS[url.protocol];
        // A source without a port allows the scheme's default, and 443 where http was upgraded to https.
        if (urlPort !== expected && !(expected === '80' && urlPort === '443'))
            return false;
    }
    else if (port !== '*' && port !== urlPort) {
        return false;
    }
    if (path && path !== '/') {
        return path.endsWith('/') ? url.pathname.startsWith(path) : url.pathname === path;
    }
    return true;
}
function allowsUrl(sources, url, self) {
    return sources.some(s => sourceMatches(s, url, self));
}
const hasNonceOrHash = (sources) => sources.some(s => /^'(nonce|sha256|sha384|sha512)-/.test(s));
/** What Clerk's CSP guide asks for, for an instance whose Frontend API is at `frontendApi` (an origin). */
function clerkRequirements(frontendApi, self) {
    const protect = ['https://fapi.protect.clerk.com/'];
    return [
        {
            directive: 'script-src',
            source: frontendApi,
            samples: [`${frontendApi}/npm/@clerk/clerk-js@5/dist/clerk.browser.js`],
        },
        {
            directive: 'script-src',
            source: 'https://challenges.cloudflare.com',
            samples: ['https://challenges.cloudflare.com/turnstile/v0/api.js'],
        },
        { directive: 'script-src', source: 'https://*.protect.clerk.com', samples: protect },
        { directive: 'connect-src', source: frontendApi, samples: [`${frontendApi}/v1/client`] },
        {
            directive: 'connect-src',
            source: 'https://*.protect.clerk.com:*',
            samples: [...protect, 'https://fapi.protect.clerk.com:8443/'],
        },
        { directive: 'img-src', source: 'https://img.clerk.com', samples: ['https://img.clerk.com/static/logo.png'] },
        { directive: 'worker-src', source: "'self'", samples: [`${self.origin}/worker.js`] },
        { directive: 'worker-src', source: 'blob:', samples: [`blob:${self.origin}/00000000-0000-0000-0000-000000000000`] },
        {
            directive: 'frame-src',
            source: 'https://challenges.cloudflare.com',
            samples: ['https://challenges.cloudflare.com/cdn-cgi/challenge-platform/'],
        },
        { directive: 'frame-src', source: 'https://*.protect.clerk.com', samples: protect },
    ];
}
/** Everything one policy blocks of what Clerk needs. */
function missingForClerk(policy, frontendApi, self) {
    const missing = [];
    const script = effectiveDirective(policy, 'script-src');
    const scriptSources = script ? (policy[script] ?? []) : [];
    // With 'strict-dynamic' host lists are ignored: Clerk's script loads through the nonce, or not at all.
    const strictDynamic = scriptSources.includes("'strict-dynamic'");
    for (const requirement of clerkRequirements(frontendApi, self)) {
        const governedBy = effectiveDirective(policy, requirement.directive);
        if (!governedBy)
            continue;
        if (governedBy === script && strictDynamic && requirement.directive === 'script-src')
            continue;
        const sources = policy[governedBy] ?? [];
        if (!requirement.samples.every(sample => allowsUrl(sources, new URL(sample), self))) {
            missing.push({ directive: requirement.directive, governedBy, source: requirement.source });
        }
    }
    if (script && strictDynamic && !hasNonceOrHash(scriptSources)) {
        missing.push({
            directive: 'script-src',
            governedBy: script,
            source: "'nonce-…'",
            why: "'strict-dynamic' without a nonce blocks every script, Clerk's included",
        });
    }
    const style = effectiveDirective(policy, 'style-src');
    if (style) {
        const sources = policy[style] ?? [];
        // A nonce or hash makes browsers ignore 'unsafe-inline'; Clerk then styles itself through the nonce.
        const inlineAllowed = hasNonceOrHash(sources) || sources.includes("'unsafe-inline'");
        if (!inlineAllowed)
            missing.push({ directive: 'style-src', governedBy: style, source: "'unsafe-inline'" });
    }
    return missing;
}
/** The meta element's policy, when a page has no header: `<meta http-equiv="Content-Security-Policy" content="…">`. */
function metaPolicy(html) {
    for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
        const attr = (name) => new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
        const equiv = attr('http-equiv');
        if ((equiv?.[1] ?? equiv?.[2] ?? equiv?.[3])?.toLowerCase() !== 'content-security-policy')
            continue;
        const content = attr('content');
        const value = content?.[1] ?? content?.[2] ?? content?.[3];
        if (value !== undefined)
            return value
                .replace(/&amp;/g, '&')
                .replace(/&quot;/g, '"')
                .replace(/&#39;/g, "'");
    }
    return undefined;
}


/***/ })

};
;