"""Views of practice: public pages, the editorial desk, the company's approval, the network."""
