package core

// abortMessage is the message an abort's answer shows: its Message, else
// the status text.
func abortMessage(e *AbortError) string {
	if e.Message != "" {
		return e.Message
	}
	return statusText(e.Code)
}
