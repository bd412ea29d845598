// Shown wherever SMS is offered or enrolled (S16: "SMS is offered with a stated risk").

export const smsRiskWarning = {
  heading: "Text messages are the weakest second step",
  body:
    "A criminal who talks your mobile carrier into moving your number to their SIM card (a \"SIM swap\") " +
    "receives your codes instead of you, and texts can be intercepted or read on a locked phone's screen. " +
    "An authenticator app or a security key cannot be taken that way: add one of those if you can, and " +
    "keep SMS as a backup.",
} as const;
