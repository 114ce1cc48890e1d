package analysis

// MaxFlowOf is the destination's joint maximum flow, on the network and
// problem Chokepoints solves (the default element, no filter): the
// benchmarks time the analyses against it.
func MaxFlowOf(p *Projection, d Destination) (float64, error) {
	ep, err := p.counted("")
	if err != nil {
		return 0, err
	}
	prob, _, err := ep.problem(d, Filter{})
	if err != nil {
		return 0, err
	}
	return ep.Net.MaxFlow(prob).Value, nil
}

// CountElement counts the projection's network in tonnes of an element
// ("" the default), as the first analysis of it does; the view is kept.
func CountElement(p *Projection, element string) error {
	_, err := p.counted(element)
	return err
}
