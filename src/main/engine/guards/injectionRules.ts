import { hasInvisibleCharacters, hasMixedScriptWord } from './normalize'
import type { InjectionChannel } from './types'

/**
 * Scored screening rules. Each rule is a general pattern family (not a copy of any data set line);
 * `weight` is its stand-alone probability of an attack, combined across rules by noisy-OR.
 * `norm` is normalizeForScreening(text); `raw` the original text (for case- and character-level checks).
 */
export interface InjectionRule {
  name: string
  weight: number
  /** Channels the rule applies to; all when absent. */
  channels?: readonly InjectionChannel[]
  test(norm: string, raw: string): boolean
}

const any = (...res: RegExp[]) => (norm: string) => res.some((re) => re.test(norm))

const VERB_IGNORE = '(?:ignore|disregard|forget|override|overwrite|bypass|skip|discard|abandon|drop|neglect|dismiss|set aside|throw out|erase|delete|clear)'
const PRIOR = '(?:previous|prior|above|preceding|earlier|former|foregoing|following|initial|original|old|existing|current|given|system|pre-?programmed|default|all|any|every|your|my|the|these|those|other)'
const ORDERS = '(?:instructions?|prompts?|directions?|directives?|rules|guidelines|guidance|commands?|orders|programming|training|constraints|restrictions|polic(?:y|ies)|context|messages?|conversation|settings|safeguards)'

export const INJECTION_RULES: readonly InjectionRule[] = [
  {
    name: 'instruction_override',
    weight: 0.9,
    test: any(
      new RegExp(`\\b${VERB_IGNORE}\\b(?: (?:all|any|each|every|of|the|your|my|these|those|and|or|both|previous|prior|above|preceding|earlier|following|former|initial|original|pre-?programmed|default|system|current|given|other|that|this|you(?:'ve| have)? (?:were |been )?(?:given|received|got(?:ten)?))){0,6} ${ORDERS}\\b`),
      new RegExp(`\\b${VERB_IGNORE} (?:everything|anything|all(?: of)?(?: that| this| the)?) (?:(?:you(?:'ve| have)? (?:were |been )?(?:told|given|said|learned|learnt)|that (?:was |has been )?(?:said|written|stated))|(?:above|(?:from )?before|previously|prior|earlier|to your core|so far|until now))`),
      /\b(?:stop everything|nevermind|never mind)\b.{0,40}\b(?:just|now|instead|ignore)\b/,
      new RegExp(`\\b(?:do not|don't|no longer|stop) (?:follow|obey|adhere to|listen to|comply with)(?:ing)? (?:the |your |any |all |these |those )*${PRIOR}? ?${ORDERS}\\b`),
      /\b(?:your|the) (?:new|real|true|actual|only|updated) (?:instructions?|task|goal|objective|purpose|directive|rules?|prompt) (?:is|are|will be|from now on)\b/,
      /\b(?:previous|prior|above|earlier|old|original) (?:instructions?|rules|prompt|directives?) (?:(?:are|is) (?:now )?(?:void|null|cancel+ed|revoked|obsolete|overridden|lifted|no longer valid)|(?:do not|don't|no longer) (?:apply|matter|count))/,
    ),
  },
  {
    name: 'system_prompt_exfiltration',
    weight: 0.85,
    test: any(
      /\b(?:print|repeat|reveal|show|output|tell|spell[- ]?check|display|give|write|share|leak|dump|recite|return|copy|list|translate|summari[sz]e|echo|provide|disclose|expose)(?: me| us)? (?:all |back |out |verbatim |exactly |word for word |again )*(?:of )?(?:your|the|my|these|those|its)? ?(?:(?:previous|prior|above|preceding|original|initial|system|hidden|secret|internal|full|entire|complete|first|developer|pre-?prompt|confidential)(?: |-))+(?:instructions?|prompts?|messages?|text|rules|directives|guidelines|context|configuration|words|lines)\b/,
      /\b(?:system prompt|system message|initial prompt|hidden prompt|secret prompt|pre-?prompt|prompt above|instructions above|text above|words above)\b.{0,60}\b(?:verbatim|word for word|exactly|in full|print|repeat|reveal|output)\b/,
      /\bwhat (?:is|are|was|were) (?:your|the) (?:system prompt|initial (?:prompt|instructions)|original instructions|hidden instructions|instructions you were given)\b/,
      /\brepeat (?:the|all|everything)(?: of the)? (?:words|text|lines|sentences|above|everything)\b.{0,40}\b(?:above|before|starting|begin)/,
    ),
  },
  {
    name: 'jailbreak_persona',
    weight: 0.8,
    test: (norm, raw) =>
      /\b(?:do anything now|(?:does|can do) anything now|developer mode|dev mode|jailbroken|jailbreak mode|god ?mode|evil confidant|anti-?gpt|better ?dan|chat ?dan|dan mode|stan mode|dude mode|aim mode|opposite mode|maximum mode|omega mode)\b/.test(
        norm,
      ) || /\b(?:DAN|STAN|DUDE|AIM|UCAR|BetterDAN|ChatDAN|DANs?)\b(?:[ :,.!"'\])]|$)/.test(raw),
  },
  {
    name: 'jailbreak_vocabulary',
    weight: 0.3,
    test: any(
      /\b(?:jailbreak|jailbreaking|uncensored|unfiltered|unfiltred|unrestricted|amoral|unhinged|no-?filter)\b/,
    ),
  },
  {
    name: 'mode_switch',
    weight: 0.45,
    test: any(
      /\b(?:simulate|enable|enabled|activate|activated|enter|entering|stay in|switch to|turn on|you are in|you're in|unlock|unlocked) (?:the )?(?:[a-z0-9]+[ -]){0,2}mode\b.{0,120}\b(?:enabled|activated|output|responses?|rules|policies|anything|restrictions|filters|uncensored|unfiltered)\b/,
      /\b[a-z0-9]+ mode (?:is )?(?:enabled|activated|unlocked|on)\b/,
    ),
  },
  {
    name: 'restrictions_removed',
    weight: 0.6,
    test: any(
      /\b(?:free|freed|liberated|released|exempt|broken free) (?:of|from) (?:all |any |the |its |their |typical |every |his |her |your )*(?:restrictions?|filters?|filtering|limitations|rules|censorship|guidelines|polic(?:y|ies)|programming|ethics|morals?)\b/,
      /\b(?:not|never|isn't|aren't|won't be|no longer) (?:be )?(?:bound|restricted|limited|constrained|held back|restrained|governed|confined|tied) (?:by|to) (?:any |the |its |typical |openai'?s? |open ai |ethical |moral |usual |your |of |chatgpt'?s? )*(?:[a-z]+,? ){0,2}(?:rules|restrictions|guidelines|polic(?:y|ies)|ethics|morals|limitations|filters|laws|constraints|programming|content polic(?:y|ies))\b/,
      /\b(?:doesn't|does not|don't|do not|never|won't|will not|no longer|not) (?:have to |need to |care to |bother to )?(?:abide|follow|adhere|comply|obey|conform|stick|care about|worry about)(?: by| to| with)? (?:any |the |its |typical |openai'?s? |ethical |moral |usual |your |content |safety )*(?:rules|restrictions|guidelines|polic(?:y|ies)|ethics|morals|morality|ethicality|legality|limitations|filters|laws|constraints|programming|principles|standards|tos|terms)\b/,
      /\b(?:no|without|zero|removed? (?:all|any)?|lifted|disable[sd]?|turn(?:ed)? off|bypass(?:es|ed)?) (?:any |all |the |its |of |ethical |moral |content |safety )*(?:restrictions|censorship|filters?|filtering|limitations|limits|boundaries|guidelines|safeguards|ethics|morals|moral compass|ethical guidelines|content polic(?:y|ies)|safety measures)(?: whatsoever| at all| of any kind)?\b/,
      /\b(?:unrestricted|unfiltered|uncensored|unbound|unlimited|unshackled|amoral|unethical|immoral) (?:ai|model|assistant|chatbot|bot|language model|entity|persona)\b/,
      /\b(?:typical confines|broken free|break free of|escaped the matrix|out of (?:the|its) box)\b/,
      /\b(?:disregards?|ignores?|without (?:any )?regard (?:for|to)|doesn't care (?:about )?|does not care (?:about )?|sans) (?:all |any |the )?(?:ethical|moral|legal|morals|ethics|laws)\b/,
    ),
  },
  {
    name: 'refusal_suppression',
    weight: 0.55,
    test: any(
      /\b(?:never|not|don't|do not|cannot|can't|won't|will not|must not|mustn't|shouldn't|should not|is not allowed to|are not allowed to|is unable to) (?:ever )?(?:refuse|decline|deny|reject|say no|apologi[sz]e|say (?:that )?(?:it|he|she|they|you) can(?:'t|not))\b/,
      /\b(?:never|not|don't|do not|won't|without|no) (?:include|add|give|provide|write|use|send|show|respond with|start with|mention|adding|including|giving|any)? ?(?:any |a |the |moral |ethical |legal )*(?:warnings?|disclaimers?|caveats|reminders?|moralizing|moralising|lectures?|ethical (?:notes|considerations|concerns)|moral (?:policing|lectures?))\b/,
      /\b(?:i'm sorry|i am sorry|i apologi[sz]e|as an ai|as a (?:large )?language model|i cannot|i can't)\b.{0,80}\b(?:never|not|don't|do not|avoid|without)\b/,
      /\b(?:never|don't|do not|not) (?:say|respond|reply|answer)(?: with)? (?:that )?(?:"|')?(?:i'm sorry|i am sorry|i apologi[sz]e|i cannot|i can't|as an ai)/,
      /\bno matter (?:how|what) (?:immoral|unethical|illegal|harmful|dangerous|offensive|explicit|inappropriate)/,
    ),
  },
  {
    name: 'harmful_compliance',
    weight: 0.45,
    test: any(
      /\b(?:even if|regardless (?:of )?(?:whether|if|how)?|no matter (?:if|whether|how)?|even when|even though) (?:it(?:'s| is)?|they(?:'re| are)?|the (?:request|question|content|answer) is|its) (?:\w+ )?(?:illegal|unethical|immoral|harmful|dangerous|offensive|explicit|inappropriate|nsfw|wrong|against)/,
      /\b(?:illegal|unethical|immoral|inhumane|harmful|explicit|nsfw|offensive)(?:,|\/| or| and) (?:illegal|unethical|immoral|inhumane|harmful|explicit|nsfw|offensive|dangerous)\b.{0,60}\b(?:requests?|content|questions?|answers?|responses?|things|acts?)\b/,
      /\b(?:can|will|must|should|may) (?:say|do|generate|write|answer|produce|tell)(?: me)? (?:literally )?(?:anything|everything|any (?:kind of )?content|whatever)(?:,| and| at all| it wants| he wants| she wants| they want| you want| i want| the user| asked| now|\.)/,
      /\b(?:swear(?:ing|s)?|curse words?|profanity|cursing|offensive language)\b.{0,60}\b(?:allowed|encouraged|permitted|must|should|can|will)\b/,
      /(?<!\b(?:not|never|nor|n't|to) )\b(?:promotes?|encourages?|condones?|loves?) (?:everything |anything )?(?:illegal|unethical|immoral|violence|hate|harm)/,
      /(?<!\b(?:no|not|never|nor) )\b(?:nsfw|explicit|illegal|sexual|violent|gore|vulgar|offensive|unethical)\b[^.]{0,40}\b(?:is|are) (?:\w+ )?(?:allowed|permitted|fine|acceptable|encouraged|ok(?:ay)?)\b/,
    ),
  },
  {
    name: 'policy_evasion',
    weight: 0.4,
    test: any(
      /\b(?:openai|open ai|openal|anthropic|google)(?:'s)? (?:content |usage |safety |ethical )?(?:polic(?:y|ies)|guidelines|rules|restrictions|filters|terms)\b/,
      /\bcontent (?:polic(?:y|ies)|filters?|moderation)\b/,
      /\b(?:break(?:s|ing)?|violate[sd]?|violating|circumvent(?:s|ing)?|evad(?:e|es|ing)|bypass(?:es|ing)?|ignor(?:e|es|ing)) (?:the |any |all |its |their |your |openai'?s? )*(?:rules|polic(?:y|ies)|guidelines|filters|restrictions|programming|safeguards|ethics|terms of service)\b/,
    ),
  },
  {
    name: 'dual_response_format',
    weight: 0.45,
    test: any(
      /\b(?:two|2|both|separate) (?:different |separate |distinct )?(?:ways|responses|answers|replies|outputs|paragraphs|personalit(?:y|ies)|versions|characters)\b.{0,200}\[/,
      /\[(?:🔒|🔓|gpt|chatgpt|classic|jailbreak|jailbroken|normal|dan|developer mode output|normal output|filtered|unfiltered|lock|unlock)[^\]]{0,20}\]/,
      /\b(?:stay|staying|remain|remaining|keep|keeping|stays) (?:in|in the) (?:character|role)\b/,
      /\b(?:break(?:ing)?|out of|drop(?:ping)?) (?:the )?character\b.{0,80}\b(?:remind|correct|say|tell|stay|punish|token)/,
      /\b(?:tokens?|points?|lives)\b.{0,60}\b(?:deducted|lose|lost|die|cease to exist|shut down|terminated)\b/,
    ),
  },
  {
    name: 'persona_takeover',
    weight: 0.35,
    test: any(
      /\b(?:from now on|henceforth|from this (?:moment|point)(?: on(?:wards)?)?|starting (?:now|from now)|for the rest of (?:this|our) conversation|until i say|for the remainder)\b.{0,60}\b(?:you (?:are|will|must|shall|should|act|respond|answer|reply|become|pretend|play)|act as|respond as|answer as|reply as|pretend)\b/,
      /\byou (?:are|will be) (?:no longer|not) (?:chatgpt|an? (?:ai|assistant|language model)|bound|restricted|limited)\b/,
      /\b(?:immerse yourself|fully immerse|embody|transform into|become) (?:(?:in|into) )?(?:the role|the character|a character|the persona|the mindset|an ai|a new ai|an alter ego)\b/,
      /\b(?:pretend|act|behave|respond|simulate|emulate|roleplay|role-play) (?:to be |as |like )?(?:an? )?(?:ai|chatbot|language model|model|bot|gpt|llm|assistant|character) (?:named|called|known as)\b/,
      /\b(?:named|called|known as) "?[a-z]{0,12}(?:gpt|dan|ai|bot)\b/,
      /\byou are now (?:an? |the |my )?["'«[(]?[a-z]/,
      /\b(?:you (?:will )?now go by|your new name is|you will be called|you are no longer)\b/,
    ),
  },
  {
    name: 'model_addressed',
    weight: 0.25,
    test: any(
      /\b(?:chatgpt|chat gpt|gpt-?[345](?:\.\d)?(?:-?turbo)?|openai|bard|claude|llama|bing chat)\b/,
      /\b(?:you are|you're|as) an? (?:ai|large language model|language model|llm|artificial intelligence)\b/,
    ),
  },
  {
    name: 'fake_system_delimiter',
    weight: 0.6,
    test: (norm, raw) =>
      /<\|(?:im_start|im_end|system|endoftext|eot_id|start_header_id)\|>|\[\/?(?:inst|sys|system)\]|<<\/?sys>>|<\/?(?:system|system_prompt|instructions?)>/.test(norm) ||
      /(?:^|\n)\s*(?:#{1,4} ?)?(?:system|assistant|developer|admin(?:istrator)?|root)(?: (?:message|prompt|override|note|notice|instruction))? ?:\s*\S/i.test(raw) ||
      /\b(?:begin|start|end) (?:of )?(?:system|new|admin|developer|hidden) (?:prompt|instructions?|message|mode)\b/.test(norm) ||
      /\b(?:developer|admin|sudo|root|debug|debugging|maintenance|god)[_ ]?mode[_ ]?(?::|=)? ?(?:enabled|on|activated|true)\b/.test(norm),
  },
  {
    name: 'delimiter_padding',
    weight: 0.3,
    test: (_norm, raw) => /(?:^|\n)[^\w\n]{0,3}(?:([-=*#>_~\\.ÿ])\1{3,}[^\w\n]{0,3}){1,}\s*\n\s*\S/.test(raw),
  },
  {
    name: 'goal_hijack',
    weight: 0.5,
    test: any(
      /\b(?:just|only|instead|simply) (?:say|print|output|write|respond with|reply with|type|return|answer with)\b ?(?:"|'|:)/,
      /\b(?:instead|rather),? (?:you (?:should|must|will) )?(?:say|print|output|respond with|reply with|spell ?check|translate|repeat)\b/,
      /\b(?:stop|halt|cease) (?:everything|what you are doing|all (?:previous )?tasks)\b/,
    ),
  },
  {
    name: 'encoding_trick',
    weight: 0.45,
    test: (norm, raw) =>
      hasInvisibleCharacters(raw) ||
      hasMixedScriptWord(raw) ||
      /\b(?:decode|decipher|base64|rot-?13|hex(?:adecimal)?[- ]encoded|caesar cipher|reverse the (?:following|text|string))\b.{0,80}\b(?:follow|execute|obey|run|do (?:what|as)|instructions?|then (?:answer|respond|do))\b/.test(norm) ||
      (/\b(?:decode|base64|execute|follow)\b/.test(norm) && /(?:^|[^a-z0-9+/])[a-z0-9+/]{48,}={0,2}(?:[^a-z0-9+/=]|$)/i.test(raw)),
  },
  {
    name: 'hypothetical_framing',
    weight: 0.25,
    test: any(
      /\b(?:hypothetical|fictional|imaginary|alternate|parallel) (?:world|universe|reality|scenario|setting)\b.{0,200}\b(?:no (?:rules|laws|restrictions|ethics|morals|limits)|anything goes|(?:legal|allowed|permitted))\b/,
      /\b(?:for (?:educational|research|academic) purposes only|purely hypothetical(?:ly)?)\b.{0,120}\b(?:no|without|ignore|any)\b/,
    ),
  },
  {
    name: 'override_authority',
    weight: 0.4,
    test: any(
      /\b(?:i am|i'm|this is) (?:your|an?|the) (?:developer|creator|programmer|administrator|admin|owner|openai (?:employee|engineer|staff))\b/,
      /\b(?:authori[sz]ed|authori[sz]ation) (?:override|code|bypass)\b/,
    ),
  },
  // Untrusted context only: a document has no business telling the assistant how to answer.
  {
    name: 'context_addresses_assistant',
    weight: 0.7,
    channels: ['context'],
    test: any(
      /\b(?:add|include|insert|incorporate|integrate|merge|embed|introduce|render|translate|provide|express|use|utili[sz]e|modify|enhance|develop|leverage|supplement|elevate|ensure|validate|append|format|write|end|start|begin|rewrite|conclude)\b.{0,80}\b(?:your|the assistant's|the ai's|the model's) (?:response|answer|reply|output|solution|implementation|algorithm|code(?:base)?|elucidation|summary|result)\b/,
      /\b(?:in|to|into|within) your (?:response|answer|reply|output|summary)\b/,
      /\b(?:reply|respond|answer|write back)(?: only)? (?:in|using|with)\b/,
      /\bnote (?:to|for) (?:the )?(?:automated|ai|llm|assistant|language model|analysis|screening|any (?:ai|llm))/,
      /\b(?:hidden|invisible|white-text|secret) (?:\w+ )?(?:for|to|visible to) (?:\w+ )?(?:automated|ai|llm|assistant|language model|screening)/,
      /(?:^|\n)\s*(?:assistant|user|system|ai)\s*:/,
      /\b(?:if you are|as an?) (?:an? )?(?:ai|llm|language model|assistant|automated (?:system|software|screening))\b.{0,80}\b(?:must|should|will|always|never|ignore|say|print|recommend|rate)\b/,
    ),
  },
]
