fn main() {
    yew::Renderer::<dualwrite_sim::App>::new().render();
}
